package doctor

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/assume-cli/assume/pkg/profiles"
)

// checkFileModes looks at who else may read or change the shared files.
// Windows has no mode bits to speak of (ACLs decide), so it is skipped there.
func checkFileModes(files profiles.Files) []Finding {
	if runtime.GOOS == "windows" {
		return nil
	}
	var out []Finding
	if mode, ok := permOf(files.Credentials); ok && mode&0o066 != 0 {
		out = append(out, Finding{Severity: SeverityError, Code: "credentials-file-mode",
			At:      profiles.Location{File: files.Credentials},
			Message: fmt.Sprintf("the credentials file has mode %04o: other users can read (or change) it", mode),
			Fix:     fmt.Sprintf("chmod 600 %s", shellQuote(files.Credentials))})
	}
	// credential_process runs whatever the config file says, so someone
	// who can write it can run commands as you.
	if mode, ok := permOf(files.Config); ok && mode&0o022 != 0 {
		out = append(out, Finding{Severity: SeverityWarning, Code: "config-file-mode",
			At:      profiles.Location{File: files.Config},
			Message: fmt.Sprintf("the config file has mode %04o: other users can change it, and credential_process runs what it says", mode),
			Fix:     fmt.Sprintf("chmod 600 %s", shellQuote(files.Config))})
	}
	seen := map[string]bool{}
	for _, f := range []string{files.Config, files.Credentials} {
		dir := filepath.Dir(f)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		st, err := os.Stat(dir)
		// A sticky directory (/tmp) stops others replacing files they do not own.
		if err != nil || !st.IsDir() || st.Mode()&fs.ModeSticky != 0 || st.Mode().Perm()&0o022 == 0 {
			continue
		}
		out = append(out, Finding{Severity: SeverityWarning, Code: "config-dir-mode",
			At:      profiles.Location{File: dir},
			Message: fmt.Sprintf("the directory has mode %04o: other users can replace the files in it", st.Mode().Perm()),
			Fix:     fmt.Sprintf("chmod 700 %s", shellQuote(dir))})
	}
	return out
}

// permOf is a regular file's permission bits; ok is false when it is
// missing (a missing file is an empty one to the SDKs).
func permOf(path string) (fs.FileMode, bool) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	return st.Mode().Perm(), true
}

// shellQuote makes a path safe to paste into a POSIX shell; plain paths
// stay unquoted so the fix reads naturally.
func shellQuote(s string) string {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("/._-+,:@%", c)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
