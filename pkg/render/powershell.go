package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// PowerShell output is printable ASCII only. Single-quoted strings are
// verbatim except for the quote characters ' ‘ ’ ‚ ‛, which we never emit
// raw: every character outside printable ASCII, these included, becomes a
// ([char]0xHHHH) term. This keeps each statement on one line (`... |
// Invoke-Expression` runs each line separately, so a raw newline would split
// a value into code) and makes the text immune to code-page mis-decoding:
// Windows PowerShell reads a BOM-less .ps1 as cp1252, where the UTF-8
// continuation bytes 0x91/0x92 are ‘ and ’ and would end the string.
// Invalid UTF-8 is rejected: Windows environment strings are UTF-16.

func powerShellExpr(name, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("value of %s is not valid UTF-8, which PowerShell cannot hold", name)
	}
	var terms []string
	var lit strings.Builder
	inLit := false
	flush := func() {
		if inLit {
			terms = append(terms, "'"+lit.String()+"'")
			lit.Reset()
			inLit = false
		}
	}
	for _, r := range s {
		if r >= 0x20 && r < 0x7f {
			inLit = true
			if r == '\'' {
				lit.WriteRune(r) // doubled: '' is a literal quote
			}
			lit.WriteRune(r)
			continue
		}
		flush()
		if len(terms) == 0 {
			// Start with a string so + concatenates instead of adding chars.
			terms = append(terms, "''")
		}
		if r > 0xffff {
			hi, lo := utf16Pair(r)
			terms = append(terms, charTerm(hi), charTerm(lo))
			continue
		}
		terms = append(terms, charTerm(r))
	}
	flush()
	if len(terms) == 0 {
		return "''", nil
	}
	return strings.Join(terms, " + "), nil
}

// charTerm is parenthesised so the cast cannot bind to anything but the number.
func charTerm(r rune) string { return fmt.Sprintf("([char]0x%04X)", r) }

// utf16Pair splits a supplementary-plane rune: [char] is one UTF-16 unit.
func utf16Pair(r rune) (hi, lo rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

func powerShellSet(v Var) (string, error) {
	expr, err := powerShellExpr(v.Name, v.Value)
	if err != nil {
		return "", err
	}
	return "$Env:" + v.Name + " = " + expr, nil
}

func powerShellUnset(name string) string {
	return "Remove-Item Env:" + name + " -ErrorAction SilentlyContinue"
}
