package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// psIsQuote lists what PowerShell's tokenizer treats as a single quote.
func psIsQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b'
}

// psEvalLine is a reference evaluator for the statements we emit, following
// PowerShell's rules: single-quoted strings are verbatim and end at any of
// the five quote characters unless it is doubled; ([char]0xHHHH) is one
// UTF-16 unit; + concatenates only if the first term is a string. A line is
// evaluated alone, as `... | Invoke-Expression` does. Anything else errors.
func psEvalLine(line string) (name, value string, unset bool, err error) {
	const rmPrefix, rmSuffix = "Remove-Item Env:", " -ErrorAction SilentlyContinue"
	if strings.HasPrefix(line, rmPrefix) && strings.HasSuffix(line, rmSuffix) {
		name = strings.TrimSuffix(strings.TrimPrefix(line, rmPrefix), rmSuffix)
		if !validName(name) {
			return "", "", false, fmt.Errorf("bad name %q", name)
		}
		return name, "", true, nil
	}
	rest, ok := strings.CutPrefix(line, "$Env:")
	if !ok {
		return "", "", false, fmt.Errorf("not a statement we emit: %q", line)
	}
	name, expr, ok := strings.Cut(rest, " = ")
	if !ok || !validName(name) {
		return "", "", false, fmt.Errorf("bad assignment %q", line)
	}
	rs := []rune(expr)
	var units []uint16
	for i, term := 0, 0; ; term++ {
		switch {
		case i < len(rs) && psIsQuote(rs[i]):
			i++
			for {
				if i >= len(rs) {
					return "", "", false, fmt.Errorf("unterminated string in %q", line)
				}
				if psIsQuote(rs[i]) {
					if i+1 < len(rs) && psIsQuote(rs[i+1]) {
						units = append(units, utf16.Encode([]rune{rs[i]})...)
						i += 2
						continue
					}
					i++
					break
				}
				units = append(units, utf16.Encode([]rune{rs[i]})...)
				i++
			}
		case term > 0 && strings.HasPrefix(string(rs[i:]), "([char]0x"):
			j := i + len("([char]0x")
			k := j
			for k < len(rs) && rs[k] != ')' {
				k++
			}
			n, err := strconv.ParseUint(string(rs[j:k]), 16, 16)
			if err != nil || k >= len(rs) {
				return "", "", false, fmt.Errorf("bad [char] in %q", line)
			}
			units = append(units, uint16(n))
			i = k + 1
		default:
			return "", "", false, fmt.Errorf("expected a string%s at %d in %q", map[bool]string{true: " or [char]"}[term > 0], i, line)
		}
		if i == len(rs) {
			break
		}
		if !strings.HasPrefix(string(rs[i:]), " + ") {
			return "", "", false, fmt.Errorf("unexpected %q in %q", string(rs[i:]), line)
		}
		i += 3
	}
	// Decode turns a lone surrogate into U+FFFD, so it cannot re-encode.
	decoded := utf16.Decode(units)
	if !slices.Equal(utf16.Encode(decoded), units) {
		return "", "", false, fmt.Errorf("lone surrogate in %q", line)
	}
	return name, string(decoded), false, nil
}

// psEvalScript applies every line to env and checks the output stays
// printable ASCII, so no code page can turn a byte into a quote.
func psEvalScript(t testing.TB, script string, env map[string]string) {
	t.Helper()
	for i := 0; i < len(script); i++ {
		if c := script[i]; c != '\n' && (c < 0x20 || c >= 0x7f) {
			t.Fatalf("PowerShell output has byte %#x at %d: %q", c, i, script)
		}
	}
	if !strings.HasSuffix(script, "\n") && script != "" {
		t.Fatalf("output does not end with a newline: %q", script)
	}
	for _, line := range strings.Split(strings.TrimSuffix(script, "\n"), "\n") {
		name, value, unset, err := psEvalLine(line)
		if err != nil {
			t.Fatalf("reference PowerShell parser: %v", err)
		}
		if unset {
			delete(env, name)
		} else {
			env[name] = value
		}
	}
}

func TestPowerShellReferenceParser(t *testing.T) {
	for line, want := range map[string]string{
		`$Env:X = 'a''b'`:                               "a'b",
		"$Env:X = 'a\u2019\u2019b'":                     "a\u2019b",
		"$Env:X = 'a\u2018\u2018\u201b\u201bb'":         "a\u2018\u201bb",
		`$Env:X = '' + ([char]0x00E9)`:                  "é",
		`$Env:X = '' + ([char]0xD83D) + ([char]0xDE42)`: "🙂",
		`$Env:X = '$(calc)'`:                            "$(calc)",
	} {
		if _, got, _, err := psEvalLine(line); err != nil || got != want {
			t.Errorf("psEvalLine(%q) = %q, %v; want %q", line, got, err, want)
		}
	}
	// An undoubled Unicode quote ends the string in PowerShell, so the
	// rest would be code; the parser must see that.
	for _, line := range []string{
		"$Env:X = 'a\u2019b'", "$Env:X = 'a\u201ab'", `$Env:X = 'a'b'`, `$Env:X = 'a`,
		`$Env:X = ([char]0x41)`, `$Env:X = '' + ([char]0xD83D)`, `$Env:X = "a"`, `$Env:X = 'a'; calc`,
	} {
		if _, got, _, err := psEvalLine(line); err == nil {
			t.Errorf("psEvalLine(%q) = %q, want an error", line, got)
		}
	}
}

func TestPowerShellQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `$Env:X = ''`},
		{"AKIAIOSFODNN7EXAMPLE", `$Env:X = 'AKIAIOSFODNN7EXAMPLE'`},
		{"it's", `$Env:X = 'it''s'`},
		{"$(calc) `n \"", "$Env:X = '$(calc) `n \"'"},
		{"a\nb", `$Env:X = 'a' + ([char]0x000A) + 'b'`},
		{"\u2019; calc", `$Env:X = '' + ([char]0x2019) + '; calc'`},
		{"café", `$Env:X = 'caf' + ([char]0x00E9)`},
		{"🙂", `$Env:X = '' + ([char]0xD83D) + ([char]0xDE42)`},
	} {
		got, err := powerShellSet(Var{"X", tc.in})
		if err != nil || got != tc.want {
			t.Errorf("powerShellSet(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if got := powerShellUnset("AWS_PROFILE"); got != "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue" {
		t.Errorf("powerShellUnset = %q", got)
	}
}

func TestPowerShellRoundTrip(t *testing.T) {
	for _, e := range append(hostileEnvs(hostileValues(`C:\work`)), Exports(temporary, "us-east-1", "prod")) {
		env := map[string]string{"AWS_PROFILE": "stale", "AWS_DEFAULT_PROFILE": "stale", "AWS_SECURITY_TOKEN": "stale"}
		psEvalScript(t, render(t, FormatPowerShell, e), env)
		checkMapEnv(t, "powershell", e, env)
	}
}

func TestPowerShellRejectsInvalidUTF8(t *testing.T) {
	for _, v := range invalidUTF8 {
		if _, err := powerShellSet(Var{"X", v}); err == nil || !strings.Contains(err.Error(), "X") {
			t.Errorf("powerShellSet(%q) error = %v, want one naming X", v, err)
		}
	}
}

// checkMapEnv is checkShellResult for evaluators that yield a map.
func checkMapEnv(t testing.TB, label string, e Env, env map[string]string) {
	t.Helper()
	for _, v := range e.Set {
		if got, ok := env[v.Name]; !ok || got != v.Value {
			t.Errorf("%s: %s = %q (set %v), want %q", label, v.Name, got, ok, v.Value)
		}
	}
	for _, n := range e.Unset {
		if got, ok := env[n]; ok {
			t.Errorf("%s: %s still set to %q", label, n, got)
		}
	}
}

func FuzzPowerShell(f *testing.F) {
	for _, v := range append(hostileValues(`C:\work`), invalidUTF8...) {
		f.Add(v)
	}
	f.Add("a\x00b")
	f.Fuzz(func(t *testing.T, v string) {
		e := Env{Set: []Var{{"V", v}, {"AFTER", "intact"}}, Unset: []string{"AWS_PROFILE"}}
		if strings.IndexByte(v, 0) >= 0 {
			expectNULRejected(t, FormatPowerShell, e)
			return
		}
		if !utf8.ValidString(v) {
			if err := Write(new(strings.Builder), FormatPowerShell, e); err == nil {
				t.Fatalf("accepted invalid UTF-8 %q", v)
			}
			return
		}
		env := map[string]string{"AWS_PROFILE": "stale"}
		psEvalScript(t, render(t, FormatPowerShell, e), env)
		checkMapEnv(t, "powershell", e, env)
	})
}
