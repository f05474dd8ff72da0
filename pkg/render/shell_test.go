package render

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
)

// The real-shell harness: render an Env, evaluate it in a shell the way users
// do, and read back what the shell holds and what a child process inherits.

// hostileValues must each survive every format that accepts them.
func hostileValues(work string) []string {
	return []string{
		"$(touch " + work + "/pwned)",
		"`touch " + work + "/pwned2`",
		"'", "''", `"`, `\`, `\\`, `\'`, `'\''`, "a'b\"c\\d",
		"line1\nline2", "\n", "trailing\n\n", "\r\n", "\r",
		"; touch pwned3", "a && touch pwned4", "a || touch pwned5", "| touch pwned6",
		"%PATH%", "!", "!!", "!$", "!-1", "${HOME}", "$HOME", "$", "$$", "*", "?", "[a]", "~", "~root", "#comment",
		"‘quoted’", "‚low‛", "“double”", "é日本🙂", "\u2028\u0085",
		// Code points fish and zsh use internally (wildcard markers, bytes).
		"\ufdd0\ufdd7*\ufdef", "\uf600\uf6ff\uf780", "\ufffe\uffff", "\U0010ffff",
		"", " ", "\t", " leading and trailing ",
		"{a,b}", "$((1+1))", "<(echo x)", ">out", "2>&1", "\\$HOME",
		"a=b", "--", "-e", "set -gx X y", "); touch pwned7; (",
		"\x01\x1b[31m\x7f",
		strings.Repeat("A", 5000),
		strings.Repeat("a'\"\\$`\n", 700),
	}
}

// invalidUTF8 is accepted by the POSIX shells and fish, which hold bytes.
var invalidUTF8 = []string{"\xff", "\xc3", "a\x80b", "\xed\xa0\x80", "\x83\x9b\x9f"}

// needShell finds a shell; only local runs may skip when it is missing.
func needShell(t testing.TB, name string) string {
	t.Helper()
	return testenv.Tool(t, name)
}

// shellKind says how to drive a shell.
type shellKind struct {
	name string
	argv []string // shell and flags before "-c"
	fish bool
}

func posixShells(t testing.TB) []shellKind {
	bash, dash, zsh := needShell(t, "bash"), needShell(t, "dash"), needShell(t, "zsh")
	return []shellKind{
		{name: "bash", argv: []string{bash, "--norc", "--noprofile"}},
		{name: "bash-posix", argv: []string{bash, "--posix"}},
		{name: "dash", argv: []string{dash}},
		{name: "zsh", argv: []string{zsh, "-f"}},
		// RC_QUOTES makes '' a quote inside quotes; output must not care.
		{name: "zsh-rcquotes", argv: []string{zsh, "-f", "-o", "rcquotes"}},
		{name: "sh-zsh-emulation", argv: []string{zsh, "-f", "-o", "shwordsplit", "-o", "nonomatch"}},
	}
}

func fishShell(t testing.TB) shellKind {
	return shellKind{name: "fish", argv: []string{needShell(t, "fish"), "--no-config"}, fish: true}
}

// shellResult is what a shell held after evaluating our output.
type shellResult struct {
	printed map[string]string // printf of each variable that is set
	env     map[string]string // environment a child process received
}

// staleEnv is inherited by the shell; Unset must remove these.
var staleEnv = []string{
	"AWS_PROFILE=stale", "AWS_DEFAULT_PROFILE=stale", "AWS_SECURITY_TOKEN=stale",
	"AWS_SESSION_TOKEN=stale", "AWS_CREDENTIAL_EXPIRATION=stale", "ASSUME_PROFILE=stale",
}

// evalInShell evaluates script the way users do (eval "$(assume ...)" for
// POSIX shells, `assume ... | source` for fish) in an empty working
// directory, and fails the test if anything was created there.
func evalInShell(t testing.TB, sh shellKind, locale, script string, names []string) shellResult {
	t.Helper()
	base := t.TempDir()
	work, home, out := filepath.Join(base, "work"), filepath.Join(base, "home"), filepath.Join(base, "out")
	for _, d := range []string{work, home, out} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	scriptPath := filepath.Join(base, "script")
	if err := os.WriteFile(scriptPath, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	var driver strings.Builder
	if sh.fish {
		// `assume ... | source; and aws ...` needs a zero status.
		driver.WriteString("source $argv[1]; or exit 97\n")
		for _, n := range names {
			driver.WriteString("if set -q " + n + "; printf %s $" + n + " > $argv[2]/var." + n + "; end\n")
		}
		driver.WriteString("env -0 > $argv[2]/env\n")
	} else {
		driver.WriteString(`eval "$(cat "$1")" || exit 97` + "\n")
		for _, n := range names {
			driver.WriteString(`if [ -n "${` + n + `+x}" ]; then printf %s "$` + n + `" > "$2/var.` + n + `"; fi` + "\n")
		}
		driver.WriteString(`env -0 > "$2/env"` + "\n")
	}
	args := append(append([]string{}, sh.argv[1:]...), "-c", driver.String())
	if !sh.fish {
		args = append(args, "sh") // $0
	}
	args = append(args, scriptPath, out)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh.argv[0], args...)
	cmd.Dir = work
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LANG=" + locale, "LC_ALL=" + locale,
		"XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "XDG_CACHE_HOME=" + home, "XDG_RUNTIME_DIR=" + home,
	}, staleEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s (%s) failed: %v\nstderr: %s\nscript:\n%q", sh.name, locale, err, stderr.String(), script)
	}
	if stderr.Len() > 0 {
		t.Errorf("%s (%s) wrote to stderr: %s\nscript:\n%q", sh.name, locale, stderr.String(), script)
	}
	if left, _ := os.ReadDir(work); len(left) > 0 {
		t.Fatalf("%s (%s): evaluating the output created %v: a value was executed\nscript:\n%q", sh.name, locale, left, script)
	}
	res := shellResult{printed: map[string]string{}, env: map[string]string{}}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(out, "var."+n))
		if err == nil {
			res.printed[n] = string(b)
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	envBytes, err := os.ReadFile(filepath.Join(out, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(strings.TrimSuffix(string(envBytes), "\x00"), "\x00") {
		k, v, _ := strings.Cut(kv, "=")
		res.env[k] = v
	}
	return res
}

// checkShellResult asserts every Set variable arrived byte for byte, both in
// the shell and in a child's environment, and every Unset one is gone.
func checkShellResult(t testing.TB, label string, e Env, r shellResult) {
	t.Helper()
	for _, v := range e.Set {
		if got, ok := r.printed[v.Name]; !ok || got != v.Value {
			t.Errorf("%s: shell holds %s = %q (set %v), want %q", label, v.Name, got, ok, v.Value)
		}
		if got, ok := r.env[v.Name]; !ok || got != v.Value {
			t.Errorf("%s: child env has %s = %q (set %v), want %q", label, v.Name, got, ok, v.Value)
		}
	}
	for _, n := range e.Unset {
		if got, ok := r.printed[n]; ok {
			t.Errorf("%s: %s still set in shell to %q", label, n, got)
		}
		if got, ok := r.env[n]; ok {
			t.Errorf("%s: %s still exported to %q", label, n, got)
		}
	}
}

func envNames(e Env) []string {
	var names []string
	for _, v := range e.Set {
		names = append(names, v.Name)
	}
	return append(names, e.Unset...)
}

// hostileEnv spreads values over variables, eight per Env, with stale
// variables to unset, so a quoting leak also corrupts the next statement.
func hostileEnvs(values []string) []Env {
	var envs []Env
	for i := 0; i < len(values); i += 8 {
		e := Env{Unset: []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"}}
		for j := i; j < len(values) && j < i+8; j++ {
			e.Set = append(e.Set, Var{Name: "V" + string(rune('A'+j-i)), Value: values[j]})
		}
		e.Set = append(e.Set, Var{Name: "AFTER", Value: "intact"})
		envs = append(envs, e)
	}
	return envs
}

func render(t testing.TB, f Format, e Env) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, e); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return b.String()
}

// roundTrip runs e through sh in both a byte locale and UTF-8.
func roundTrip(t testing.TB, sh shellKind, f Format, e Env) {
	t.Helper()
	script := render(t, f, e)
	for _, loc := range []string{"C", "C.UTF-8"} {
		checkShellResult(t, sh.name+"/"+loc, e, evalInShell(t, sh, loc, script, envNames(e)))
	}
}
