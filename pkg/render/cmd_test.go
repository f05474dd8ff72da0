package render

import (
	"fmt"
	"strings"
	"testing"
)

// cmdEvalLine is a reference reading of the cmd.exe statements we emit:
// `set "NAME=value"` assigns value verbatim only if it holds no character
// cmd would interpret (% and ! expand even inside quotes, " toggles quoting,
// a line break ends the command); `set NAME=` deletes NAME.
func cmdEvalLine(line string) (name, value string, unset bool, err error) {
	if rest, ok := strings.CutPrefix(line, `set "`); ok {
		body, ok := strings.CutSuffix(rest, `"`)
		name, value, found := strings.Cut(body, "=")
		if !ok || !found || !validName(name) {
			return "", "", false, fmt.Errorf("bad set statement %q", line)
		}
		if i := strings.IndexAny(value, cmdUnsafe+"\r\n"); i >= 0 {
			return "", "", false, fmt.Errorf("cmd would interpret %q in %q", value[i], line)
		}
		return name, value, false, nil
	}
	if rest, ok := strings.CutPrefix(line, "set "); ok {
		name, ok := strings.CutSuffix(rest, "=")
		if !ok || !validName(name) {
			return "", "", false, fmt.Errorf("bad unset statement %q", line)
		}
		return name, "", true, nil
	}
	return "", "", false, fmt.Errorf("not a statement we emit: %q", line)
}

func TestCmdQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"AKIAIOSFODNN7EXAMPLE", `set "X=AKIAIOSFODNN7EXAMPLE"`},
		{"wJalr/K7MDENG+bPxRfiCY==", `set "X=wJalr/K7MDENG+bPxRfiCY=="`},
		{"2026-01-02T03:04:05Z", `set "X=2026-01-02T03:04:05Z"`},
		{"my prod (admin)", `set "X=my prod (admin)"`},
		{"café", `set "X=café"`},
		{"", `set "X="`},
	} {
		got, err := cmdSet(Var{"X", tc.in})
		if err != nil || got != tc.want {
			t.Errorf("cmdSet(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if got := cmdUnset("AWS_PROFILE"); got != "set AWS_PROFILE=" {
		t.Errorf("cmdUnset = %q", got)
	}
}

func TestCmdRejectsUnsafe(t *testing.T) {
	values := []string{"%PATH%", "50%", "!", "!x!", `"`, "^", "a&calc", "|", "<", ">", "a\rb", "a\nb", "\t", "\x1a", "\x7f"}
	values = append(values, invalidUTF8...)
	for _, v := range values {
		secret := "s3cr3tpart" + v
		var b strings.Builder
		err := Write(&b, FormatCmd, Env{Set: []Var{{"AWS_SESSION_TOKEN", secret}}})
		if err == nil {
			t.Errorf("cmd accepted %q", v)
			continue
		}
		if !strings.Contains(err.Error(), "AWS_SESSION_TOKEN") || strings.Contains(err.Error(), "s3cr3tpart") {
			t.Errorf("error %q should name the variable and not the value", err)
		}
		if b.Len() != 0 {
			t.Errorf("wrote %q despite the error", b.String())
		}
	}
}

// TestCmdRoundTrip: every hostile value is either refused or read back
// exactly, and real credentials always work.
func TestCmdRoundTrip(t *testing.T) {
	accepted := 0
	for _, v := range hostileValues(`C:\work`) {
		e := Env{Set: []Var{{"V", v}}, Unset: []string{"AWS_PROFILE"}}
		var b strings.Builder
		if Write(&b, FormatCmd, e) != nil {
			continue
		}
		accepted++
		cmdEvalScript(t, b.String(), e)
	}
	if accepted < 10 {
		t.Errorf("only %d hostile values accepted; the check is too broad", accepted)
	}
	cmdEvalScript(t, render(t, FormatCmd, Exports(temporary, "ap-southeast-2", "prod-admin")), Exports(temporary, "ap-southeast-2", "prod-admin"))
}

func cmdEvalScript(t *testing.T, script string, e Env) {
	t.Helper()
	env := map[string]string{"AWS_PROFILE": "stale"}
	for _, line := range strings.Split(strings.TrimSuffix(script, "\n"), "\n") {
		name, value, unset, err := cmdEvalLine(line)
		if err != nil {
			t.Fatal(err)
		}
		if unset {
			delete(env, name)
		} else {
			env[name] = value
		}
	}
	checkMapEnv(t, "cmd", e, env)
}
