package render

// POSIX single quotes keep every byte but ' literal, in bash, dash, zsh and
// ksh alike, interactive or not (no history or ! expansion inside them).
// A ' is written as '\'' (close, escaped quote, reopen). A closing quote is
// thus always followed by \ or end of word, never by ', so zsh's RC_QUOTES
// ('' means ' inside quotes) cannot change the meaning.

func shQuote(s string) string {
	out := make([]byte, 0, len(s)+2)
	out = append(out, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, `'\''`...)
			continue
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

func shSet(v Var) (string, error) { return "export " + v.Name + "=" + shQuote(v.Value), nil }

func shUnset(name string) string { return "unset " + name }
