//go:build !windows

package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// At a real terminal, Ctrl-C reaches a served command once per press, as
// with plain exec (terraform takes a second Ctrl-C as "abort now"); and
// with the shell hook, `assume c --server` opens a served subshell.
func TestTTYServerCtrlCOnceAndHookSubshell(t *testing.T) {
	t.Parallel()
	aws := requireTool(t, "aws")
	c := newServedChain(t)
	tt := startTmux(t, c.sb)
	// The child counts SIGINTs and, each time the test drops a file "ask",
	// prints the count: a forwarded copy would arrive within microseconds
	// of the terminal's, long before the test reacts to the first.
	tt.line(`assume c --server -- sh -c 'n=0; trap "n=\$((n+1))" INT; printf "%s%s\\n" RE ADY; while :; do sleep 0.05; if [ -f ask ]; then rm ask; echo "CO""UNT=$n"; fi; [ -f stop ] && exit 5; done'; echo "rc=$?"`)
	tt.waitFor("READY")
	ask := func(n int) {
		t.Helper()
		writeFile(t, c.sb.Home+"/ask", "")
		tt.waitFor(fmt.Sprintf("COUNT=%d", n))
	}
	ask(0)
	tt.send("", "C-c")
	ask(1)
	tt.send("", "C-c")
	ask(2)
	if s := tt.screen(); strings.Contains(s, "COUNT=3") || strings.Contains(s, "COUNT=4") {
		t.Fatalf("two Ctrl-C presses delivered more than two SIGINTs:\n%s", s)
	}
	writeFile(t, c.sb.Home+"/stop", "")
	tt.waitFor("rc=5")

	tt.line(`eval "$(assume shell-init bash)"`)
	tt.line(`assume c --server --refresh-margin 2s`)
	tt.waitFor("with a credentials server for c")
	tt.line(`printf 'key=<%s> uri=<%.17s> p=<%s>\n' "${AWS_ACCESS_KEY_ID-none}" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$ASSUME_PROFILE"`)
	tt.waitFor("key=<none> uri=<http://127.0.0.1:> p=<c>")
	tt.line(aws + ` sts get-caller-identity --query Arn --output text`)
	tt.waitFor("arn:aws:sts::444444444444:assumed-role/c/")
	tt.line("exit")
	tt.line(`printf 'after=<%s>\n' "${AWS_CONTAINER_CREDENTIALS_FULL_URI-none}"`)
	tt.waitFor("after=<none>")
}
