package console

import (
	"fmt"
	"strings"
)

// explained is an error with its own one-line text that still unwraps to
// its cause, whose text (an SDK error's, several parts long) it replaces.
type explained struct {
	msg string
	err error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }

func explain(cause error, format string, args ...any) error {
	return &explained{msg: oneLine(fmt.Sprintf(format, args...)), err: cause}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
