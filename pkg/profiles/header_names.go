package profiles

import "strings"

// classifyHeader reads a header line as botocore does: configparser takes
// everything between the first '[' and the last ']' as the section name,
// untrimmed, and botocore then splits "profile NAME" with shlex. So
// "[profile  x ] ; c" is profile "x" but "[ profile x ]" is no profile at
// all. prefixed reports the "[profile NAME]" form, which matters for
// "[profile default]" (see Config.parse).
func classifyHeader(h string, isConfig bool) (kind sectionKind, name string, prefixed bool) {
	closeAt := strings.LastIndexByte(h, ']')
	if closeAt < 1 {
		return secIgnored, "", false
	}
	inner := h[1:closeAt]
	if inner == "" {
		return secIgnored, "", false
	}
	if inner == configparserDefaults {
		return secIgnored, inner, false // configparser's defaults, never a section
	}
	if !isConfig {
		return secProfile, inner, false
	}
	for _, p := range [...]struct {
		word string
		kind sectionKind
	}{{"profile", secProfile}, {"sso-session", secSSOSession}, {"services", secServices}} {
		if strings.HasPrefix(inner, p.word) {
			if name, ok := secondWord(inner, len(p.word)); ok && name != "" {
				return p.kind, name, p.kind == secProfile
			}
			return secIgnored, inner, false
		}
	}
	if inner == "default" {
		return secProfile, inner, false
	}
	return secIgnored, inner, false
}

// configparserDefaults is configparser's DEFAULT section: Python copies its
// keys into every section of the file. assume does not (see Lint).
const configparserDefaults = "DEFAULT"

// secondWord returns the second of exactly two shell words, as botocore's
// shlex.split of a "profile NAME" header: ok is false for any other count.
// The first word is known to start with s[:skip] (the prefix just matched).
func secondWord(s string, skip int) (string, bool) {
	// Fast path, and nearly every header: words are runs of non-blanks.
	// A quote or backslash sends the header to shellWords instead.
	i := skip
	for ; i < len(s) && shellClass[s[i]] != shellBlank; i++ {
		if shellClass[s[i]] == shellQuote {
			return quotedSecondWord(s)
		}
	}
	for i < len(s) && shellClass[s[i]] == shellBlank {
		i++
	}
	start := i
	for ; i < len(s) && shellClass[s[i]] != shellBlank; i++ {
		if shellClass[s[i]] == shellQuote {
			return quotedSecondWord(s)
		}
	}
	end := i
	for i < len(s) && shellClass[s[i]] == shellBlank {
		i++
	}
	if i < len(s) || end == start {
		return "", false // a third word, or none after the first
	}
	return s[start:end], true
}

// shellClass sorts bytes for secondWord's fast path; a table lookup per byte
// is what keeps scanning 10,000 headers cheap.
var shellClass = func() (t [256]uint8) {
	for _, c := range " \t\r\n" {
		t[c] = shellBlank
	}
	for _, c := range "\"'\\" {
		t[c] = shellQuote
	}
	return t
}()

const (
	shellWordByte uint8 = iota
	shellBlank
	shellQuote
)

func quotedSecondWord(s string) (string, bool) {
	words, ok := shellWords(s)
	if !ok || len(words) != 2 {
		return "", false
	}
	return words[1], true
}

// shellWords splits s as Python's shlex.split does in POSIX mode: blanks
// separate words, backslash escapes the next character, single quotes are
// literal, and inside double quotes a backslash escapes only '"' and '\\'.
// ok is false where shlex raises (an unclosed quote, a trailing backslash).
func shellWords(s string) (words []string, ok bool) {
	var (
		b      strings.Builder
		inWord bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case shellClass[c] == shellBlank:
			if inWord {
				words, inWord = append(words, b.String()), false
				b.Reset()
			}
		case c == '\\':
			if i+1 == len(s) {
				return nil, false
			}
			i++
			b.WriteByte(s[i])
			inWord = true
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, false
			}
			b.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				b.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, false
			}
			inWord = true
		default:
			b.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, b.String())
	}
	return words, true
}
