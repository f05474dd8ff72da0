package render

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// dotenvEvalLine is the reference reading documented in dotenv.go:
// NAME='literal' (no ' inside) or NAME="..." with \\ \" \n \r \$ escapes,
// where any other backslash, a bare " or a bare $ (which compose would
// interpolate) is an error.
func dotenvEvalLine(line string) (name, value string, err error) {
	name, rest, ok := strings.Cut(line, "=")
	if !ok || !validName(name) || len(rest) < 2 {
		return "", "", fmt.Errorf("bad line %q", line)
	}
	q, body := rest[0], rest[1:len(rest)-1]
	if rest[len(rest)-1] != q {
		return "", "", fmt.Errorf("unterminated value in %q", line)
	}
	switch q {
	case '\'':
		if strings.ContainsAny(body, "'\\\r\n") {
			return "", "", fmt.Errorf("single-quoted value readers disagree on: %q", line)
		}
		return name, body, nil
	case '"':
		var b strings.Builder
		for i := 0; i < len(body); i++ {
			switch c := body[i]; c {
			case '"', '$', '\n', '\r':
				return "", "", fmt.Errorf("unescaped %q in %q", c, line)
			case '\\':
				if i++; i == len(body) {
					return "", "", fmt.Errorf("dangling backslash in %q", line)
				}
				esc, ok := map[byte]byte{'\\': '\\', '"': '"', 'n': '\n', 'r': '\r', '$': '$'}[body[i]]
				if !ok {
					return "", "", fmt.Errorf("unknown escape \\%c in %q", body[i], line)
				}
				b.WriteByte(esc)
			default:
				b.WriteByte(c)
			}
		}
		return name, b.String(), nil
	}
	return "", "", fmt.Errorf("unquoted value in %q", line)
}

func dotenvEval(t testing.TB, script string, e Env) {
	t.Helper()
	env := map[string]string{}
	if script == "" {
		checkMapEnv(t, "dotenv", e, env)
		return
	}
	for _, line := range strings.Split(strings.TrimSuffix(script, "\n"), "\n") {
		name, value, err := dotenvEvalLine(line)
		if err != nil {
			t.Fatalf("reference dotenv parser: %v", err)
		}
		env[name] = value
	}
	checkMapEnv(t, "dotenv", e, env)
}

func TestDotenvQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `X=''`},
		{"AKIAIOSFODNN7EXAMPLE", `X='AKIAIOSFODNN7EXAMPLE'`},
		{"$HOME ${X} \"q\" #c", `X='$HOME ${X} "q" #c'`},
		{"it's $HOME", `X="it's \$HOME"`},
		{`a\b`, `X="a\\b"`},
		{"a\nb\r", `X="a\nb\r"`},
		{`"`, `X='"'`},
		{`'"`, `X="'\""`},
	} {
		got, err := dotenvSet(Var{"X", tc.in})
		if err != nil || got != tc.want {
			t.Errorf("dotenvSet(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestDotenvRoundTrip(t *testing.T) {
	for _, e := range append(hostileEnvs(hostileValues("/work")), Exports(temporary, "eu-central-1", "prod")) {
		out := render(t, FormatDotenv, e)
		if strings.Contains(out, "AWS_PROFILE") {
			t.Errorf("dotenv rendered an unset variable: %q", out)
		}
		e.Unset = nil // a dotenv file cannot unset; checked above
		dotenvEval(t, out, e)
	}
}

func TestDotenvRejectsInvalidUTF8(t *testing.T) {
	for _, v := range invalidUTF8 {
		if _, err := dotenvSet(Var{"X", v}); err == nil {
			t.Errorf("dotenvSet(%q) accepted invalid UTF-8", v)
		}
	}
}

func FuzzDotenv(f *testing.F) {
	for _, v := range append(hostileValues("/work"), invalidUTF8...) {
		f.Add(v)
	}
	f.Add("a\x00b")
	f.Fuzz(func(t *testing.T, v string) {
		e := Env{Set: []Var{{"V", v}, {"AFTER", "intact"}}}
		if strings.IndexByte(v, 0) >= 0 {
			expectNULRejected(t, FormatDotenv, e)
			return
		}
		if !utf8.ValidString(v) {
			if err := Write(new(strings.Builder), FormatDotenv, e); err == nil {
				t.Fatalf("accepted invalid UTF-8 %q", v)
			}
			return
		}
		dotenvEval(t, render(t, FormatDotenv, e), e)
	})
}
