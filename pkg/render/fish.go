package render

import "strings"

// Inside fish single quotes only \\ and \' are escapes; everything else,
// newlines included, is literal.
var fishQuoter = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

func fishQuote(s string) string { return "'" + fishQuoter.Replace(s) + "'" }

func fishSet(v Var) (string, error) { return "set -gx " + v.Name + " " + fishQuote(v.Value), nil }

func fishUnset(name string) string { return "set -e " + name }
