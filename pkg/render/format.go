// Package render turns credentials into text other programs consume: shell
// statements to eval, dotenv files, and credential_process JSON. Its main job
// is quoting: any value must reach the target shell byte for byte, and no part
// of a value may ever be executed.
package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Format names an output syntax.
type Format string

// Formats. FormatJSON is credential_process output, not an env format.
const (
	FormatSh         Format = "sh"
	FormatFish       Format = "fish"
	FormatPowerShell Format = "powershell"
	FormatCmd        Format = "cmd"
	FormatDotenv     Format = "dotenv"
	FormatJSON       Format = "json"
)

// formatNames maps every accepted name, aliases included, to its Format.
var formatNames = map[string]Format{
	"sh": FormatSh, "bash": FormatSh, "zsh": FormatSh, "env": FormatSh,
	"fish":       FormatFish,
	"powershell": FormatPowerShell, "pwsh": FormatPowerShell,
	"cmd":    FormatCmd,
	"dotenv": FormatDotenv,
	"json":   FormatJSON,
}

// validNames is the list shown when a name is unknown.
const validNames = "sh, fish, powershell, cmd, dotenv, json (aliases: bash, zsh, env → sh; pwsh → powershell)"

// ParseFormat accepts a format name or alias, case-insensitively.
func ParseFormat(s string) (Format, error) {
	if f, ok := formatNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q: valid formats are %s", s, validNames)
}

// DefaultFormat picks a format from $SHELL. Both separators are handled so a
// Windows path like C:\Windows\System32\cmd.exe works on any OS.
func DefaultFormat(shellPath string) Format {
	base := shellPath[strings.LastIndexAny(shellPath, `/\`)+1:]
	base = strings.ToLower(base)
	base = strings.TrimSuffix(base, ".exe")
	switch base {
	case "fish":
		return FormatFish
	case "pwsh", "powershell":
		return FormatPowerShell
	case "cmd":
		return FormatCmd
	}
	return FormatSh
}

// validName is the portable variable name syntax every target accepts.
// It is checked by hand: a regexp compiled at start-up costs every run.
func validName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Write renders e in format f. Nothing is written unless every variable
// renders, so a half-written script is never eval'd.
func Write(w io.Writer, f Format, e Env) error {
	if err := e.validate(); err != nil {
		return err
	}
	var quote func(v Var) (string, error)
	var unset func(name string) string
	switch f {
	case FormatSh:
		quote, unset = shSet, shUnset
	case FormatFish:
		quote, unset = fishSet, fishUnset
	case FormatPowerShell:
		quote, unset = powerShellSet, powerShellUnset
	case FormatCmd:
		quote, unset = cmdSet, cmdUnset
	case FormatDotenv:
		quote, unset = dotenvSet, nil // a dotenv file cannot unset
	case FormatJSON:
		return fmt.Errorf("format %q is not an environment format: use CredentialProcess", f)
	default:
		return fmt.Errorf("unknown output format %q: valid formats are %s", f, validNames)
	}
	var buf bytes.Buffer
	if unset != nil {
		for _, name := range e.Unset {
			buf.WriteString(unset(name))
			buf.WriteByte('\n')
		}
	}
	for _, v := range e.Set {
		line, err := quote(v)
		if err != nil {
			return err
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// validate checks names, rejects NUL (no environment can hold it) and names
// both set and unset, whose outcome would depend on statement order.
func (e Env) validate() error {
	set := make(map[string]bool, len(e.Set))
	for _, v := range e.Set {
		if !validName(v.Name) {
			return fmt.Errorf("invalid environment variable name %q", v.Name)
		}
		if set[v.Name] {
			return fmt.Errorf("environment variable %s is set twice", v.Name)
		}
		set[v.Name] = true
		if strings.IndexByte(v.Value, 0) >= 0 {
			// Never echo the value: it is probably a secret.
			return fmt.Errorf("value of %s contains a NUL byte, which environment variables cannot hold", v.Name)
		}
	}
	for _, name := range e.Unset {
		if !validName(name) {
			return fmt.Errorf("invalid environment variable name %q", name)
		}
		if set[name] {
			return fmt.Errorf("environment variable %s is both set and unset", name)
		}
	}
	return nil
}
