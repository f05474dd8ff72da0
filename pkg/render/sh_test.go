package render

import (
	"strings"
	"testing"
)

func TestShQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `export X=''`},
		{"AKIAIOSFODNN7EXAMPLE", `export X='AKIAIOSFODNN7EXAMPLE'`},
		{"wJalr/K7MDENG+bPxRfiCY=", `export X='wJalr/K7MDENG+bPxRfiCY='`},
		{"$(touch /tmp/pwned)", `export X='$(touch /tmp/pwned)'`},
		{"`id`", "export X='`id`'"},
		{"it's", `export X='it'\''s'`},
		{"'", `export X=''\'''`},
		{`a"b\c`, `export X='a"b\c'`},
		{"a\nb", "export X='a\nb'"},
		{"!!; &&", `export X='!!; &&'`},
	} {
		got, err := shSet(Var{"X", tc.in})
		if err != nil || got != tc.want {
			t.Errorf("shSet(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if got := shUnset("AWS_PROFILE"); got != "unset AWS_PROFILE" {
		t.Errorf("shUnset = %q", got)
	}
}

func TestShRoundTrip(t *testing.T) {
	for _, sh := range posixShells(t) {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			values := append(hostileValues(t.TempDir()), invalidUTF8...)
			for _, e := range hostileEnvs(values) {
				roundTrip(t, sh, FormatSh, e)
			}
		})
	}
}

// TestShExportsRoundTrip checks the real Exports output end to end,
// including that stale profile and token variables are removed.
func TestShExportsRoundTrip(t *testing.T) {
	e := Exports(longTerm, "eu-west-1", "prod")
	for _, sh := range append(posixShells(t), fishShell(t)) {
		f := FormatSh
		if sh.fish {
			f = FormatFish
		}
		roundTrip(t, sh, f, e)
	}
}

// FuzzShRoundTrip evaluates arbitrary values in bash, dash and zsh and
// requires byte-exact values and no side effects.
func FuzzShRoundTrip(f *testing.F) {
	for _, v := range append(hostileValues("/tmp"), invalidUTF8...) {
		f.Add(v)
	}
	f.Add("a\x00b")
	// bash-posix and zsh's sh emulation add little per input and halve
	// the exec rate; the table test covers them.
	var shells []shellKind
	for _, sh := range posixShells(f) {
		if sh.name == "bash" || sh.name == "dash" || sh.name == "zsh" || sh.name == "zsh-rcquotes" {
			shells = append(shells, sh)
		}
	}
	f.Fuzz(func(t *testing.T, v string) {
		e := Env{Set: []Var{{"V", v}, {"AFTER", "intact"}}, Unset: []string{"AWS_PROFILE"}}
		if strings.IndexByte(v, 0) >= 0 {
			expectNULRejected(t, FormatSh, e)
			return
		}
		script := render(t, FormatSh, e)
		for _, sh := range shells {
			checkShellResult(t, sh.name, e, evalInShell(t, sh, "C.UTF-8", script, envNames(e)))
		}
	})
}
