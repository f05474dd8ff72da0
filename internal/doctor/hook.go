package doctor

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/internal/shellhook"
	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/render"
)

// hookFile is a startup file a shell reads, and which hook belongs there.
type hookFile struct{ shell, path string }

// hookFiles lists the startup files where `assume shell-init` may be run,
// following each shell's own lookup (ZDOTDIR, XDG_CONFIG_HOME, PowerShell's
// $PROFILE locations on Unix and Windows).
func hookFiles(h host.Host) []hookFile {
	home := h.Home()
	zdot := h.Env("ZDOTDIR")
	if zdot == "" {
		zdot = home
	}
	xdg := h.ConfigHome()
	files := []hookFile{
		{"bash", filepath.Join(home, ".bashrc")},
		{"bash", filepath.Join(home, ".bash_profile")},
		{"bash", filepath.Join(home, ".profile")},
		{"zsh", filepath.Join(zdot, ".zshrc")},
		{"zsh", filepath.Join(zdot, ".zprofile")},
		{"fish", filepath.Join(xdg, "fish", "config.fish")},
		{"powershell", filepath.Join(xdg, "powershell", "Microsoft.PowerShell_profile.ps1")},
		{"powershell", filepath.Join(xdg, "powershell", "profile.ps1")},
		{"powershell", filepath.Join(home, "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1")},
		{"powershell", filepath.Join(home, "Documents", "WindowsPowerShell", "Microsoft.PowerShell_profile.ps1")},
	}
	// fish also sources every conf.d/*.fish, where plugin managers put hooks.
	confd, _ := filepath.Glob(filepath.Join(xdg, "fish", "conf.d", "*.fish"))
	for _, p := range confd {
		files = append(files, hookFile{"fish", p})
	}
	return files
}

// hookLine returns the first line of path that runs `assume shell-init`,
// ignoring comments; 0 when none does or the file cannot be read.
func hookLine(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") && strings.Contains(line, "assume shell-init") {
			return n
		}
	}
	return 0
}

// checkShellHook reports where the hook is installed, whether the user's
// shell ($SHELL) has it, and what this shell's environment says. All info:
// assume works without the hook, through a subshell.
func checkShellHook(h host.Host) []Finding {
	var out []Finding
	installed := map[string]bool{}
	for _, hf := range hookFiles(h) {
		if n := hookLine(hf.path); n > 0 {
			installed[hf.shell] = true
			out = append(out, Finding{Severity: SeverityInfo, Code: "shell-hook",
				At:      profiles.Location{File: hf.path, Line: n},
				Message: fmt.Sprintf("the %s shell hook is installed", hf.shell)})
		}
	}
	shell := shellhook.ShellName(h.Env("SHELL"))
	if shell == "" && len(installed) == 0 {
		shell = defaultShell()
	}
	if shell != "" && !installed[shell] {
		line, file := shellhook.RCLine(shell)
		out = append(out, Finding{Severity: SeverityInfo, Code: "shell-hook-missing",
			Message: fmt.Sprintf("no %s startup file runs `assume shell-init`: `assume PROFILE` opens a subshell instead of setting the credentials in your shell", shell),
			Fix:     fmt.Sprintf("add %s to %s, then open a new shell", line, file)})
	}
	if v := h.Env(render.HookVar); v != "" {
		out = append(out, Finding{Severity: SeverityInfo, Code: "shell-hook-env",
			Message: fmt.Sprintf("%s=%s is set in this environment, though the hook sets it only for the one call it makes", render.HookVar, v),
			Fix:     fmt.Sprintf("remove any export of %s from your startup files", render.HookVar)})
	}
	if v := h.Env(render.ExportedMarker); v != "" {
		profile := h.Env(render.ProfileVar)
		out = append(out, Finding{Severity: SeverityInfo, Code: "credentials-exported",
			Message: fmt.Sprintf("this shell holds credentials assume set (profile %q; %s lists %s)", profile, render.ExportedMarker, v),
			Fix:     "`assume --unset` removes them"})
	}
	return out
}

// defaultShell is whose hook to suggest when $SHELL names none.
func defaultShell() string {
	if runtime.GOOS == "windows" {
		return "powershell"
	}
	return "bash"
}
