package profiles

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unsafe"
)

// Files names the two shared AWS files.
type Files struct{ Config, Credentials string }

// FilesFromEnv applies AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE over the
// defaults under home, expanding a leading ~ as the SDKs do.
func FilesFromEnv(getenv func(string) string, home string) Files {
	if getenv == nil {
		getenv = noEnv
	}
	pick := func(env, def string) string {
		p := getenv(env)
		if p == "" {
			p = def
		}
		return expandHome(p, home)
	}
	return Files{
		Config:      pick("AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config")),
		Credentials: pick("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials")),
	}
}

func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		return filepath.Join(home, p[2:])
	}
	return p
}

func noEnv(string) string { return "" }

// Load reads both files and indexes their section headers. A missing file is
// empty; any other read failure is an error.
func Load(f Files) (*Config, error) {
	cfg, cfgMapped, err := readOptional(f.Config)
	if err != nil {
		return nil, fmt.Errorf("reading aws config file: %w", err)
	}
	creds, credsMapped, err := readOptional(f.Credentials)
	if err != nil {
		return nil, fmt.Errorf("reading aws credentials file: %w", err)
	}
	return newConfigMapped(f.Config, cfg, cfgMapped, f.Credentials, creds, credsMapped)
}

// LoadBytes indexes in-memory file contents; names are used in locations.
func LoadBytes(configName string, config []byte, credsName string, creds []byte) (*Config, error) {
	return newConfig(configName, string(config), credsName, string(creds))
}

// readOptional reads (or, when large, maps) a whole file. The bytes become
// the Config's string without a copy: nothing else holds the slice, so it is
// never modified.
func readOptional(path string) (data string, mapped bool, err error) {
	if path == "" {
		return "", false, nil
	}
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	defer fh.Close()
	size := 512
	if st, err := fh.Stat(); err == nil && st.Size() > 0 && st.Size() < 1<<30 {
		if data, ok := mapFile(fh, st.Size()); ok {
			return data, true, nil
		}
		size = int(st.Size()) + 1 // +1 lets the first Read see EOF
	}
	buf := make([]byte, 0, size)
	for {
		n, err := fh.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", false, fmt.Errorf("%s: %w", path, err)
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	if len(buf) == 0 {
		return "", false, nil
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf)), false, nil
}
