package iostreams

import (
	"strings"
	"unicode/utf8"
)

// Printable makes text safe to print on a terminal: a profile name comes
// from a section header, which may hold escape sequences, and those must
// not reach the terminal.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return '?'
		}
		return r
	}, s)
}
