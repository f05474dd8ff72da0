package render

import (
	"strings"
	"testing"
)

func TestFishQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `set -gx X ''`},
		{"AKIAIOSFODNN7EXAMPLE", `set -gx X 'AKIAIOSFODNN7EXAMPLE'`},
		{"$(touch /tmp/pwned)", `set -gx X '$(touch /tmp/pwned)'`},
		{"it's", `set -gx X 'it\'s'`},
		{`a\b`, `set -gx X 'a\\b'`},
		{`\'`, `set -gx X '\\\''`},
		{"a\nb", "set -gx X 'a\nb'"},
		{`"(id)"`, `set -gx X '"(id)"'`},
	} {
		got, err := fishSet(Var{"X", tc.in})
		if err != nil || got != tc.want {
			t.Errorf("fishSet(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if got := fishUnset("AWS_PROFILE"); got != "set -e AWS_PROFILE" {
		t.Errorf("fishUnset = %q", got)
	}
}

func TestFishRoundTrip(t *testing.T) {
	sh := fishShell(t)
	values := append(hostileValues(t.TempDir()), invalidUTF8...)
	for _, e := range hostileEnvs(values) {
		roundTrip(t, sh, FormatFish, e)
	}
}

// FuzzFishRoundTrip sources arbitrary values in fish and requires
// byte-exact values and no side effects.
func FuzzFishRoundTrip(f *testing.F) {
	for _, v := range append(hostileValues("/tmp"), invalidUTF8...) {
		f.Add(v)
	}
	f.Add("a\x00b")
	sh := fishShell(f)
	f.Fuzz(func(t *testing.T, v string) {
		e := Env{Set: []Var{{"V", v}, {"AFTER", "intact"}}, Unset: []string{"AWS_PROFILE"}}
		if strings.IndexByte(v, 0) >= 0 {
			expectNULRejected(t, FormatFish, e)
			return
		}
		script := render(t, FormatFish, e)
		checkShellResult(t, sh.name, e, evalInShell(t, sh, "C.UTF-8", script, envNames(e)))
	})
}
