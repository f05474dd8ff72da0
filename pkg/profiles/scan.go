package profiles

import "strings"

// sectionKind says what a [header] introduces.
type sectionKind uint8

const (
	secIgnored    sectionKind = iota // unknown or malformed header: its keys go nowhere
	secProfile                       // [default], [profile X], or any [X] in the credentials file
	secSSOSession                    // [sso-session X]
	secServices                      // [services X]
)

// section is one header found by the scan: where its body lies, not what it
// says. Bodies are parsed only when a profile is asked for, which is what
// keeps a 10,000-profile file cheap.
type section struct {
	kind sectionKind
	file uint8 // index into Config.files
	dup  bool  // a later section of a name already seen (not a chain head)
	// prefixed: the header was [profile NAME] rather than [NAME]; only
	// [default] and [profile default] tell the two apart.
	prefixed bool
	line     int32 // 1-based line of the header
	name     string
	next     int32  // next section with the same kind and name, -1 at the end
	hash     uint32 // of kind and name, for the index
	body     int32  // byte offset just after the header line
	end      int32  // byte offset where the next header starts (or len(data))
}

// iniFile is one of the two shared files, held as a string so section names
// are substrings of it rather than fresh allocations.
type iniFile struct {
	name   string
	data   string
	mapped bool // data is a read-only mapping of the file (see catchFault)
	bom    bool // the file began with a UTF-8 byte-order mark, skipped
}

const bom = "\xEF\xBB\xBF"

// scanSections finds section headers; data must be shorter than 2 GiB. It jumps from '[' to '[' with
// IndexByte and counts lines with strings.Count (both vectorised) instead of
// visiting every line; only an indented '[' (rare) makes it replay the lines
// before it to learn whether that line continues a value. isConfig selects
// the config-file naming rules ([profile X]) over the credentials-file ones.
func scanSections(data string, file uint8, isConfig bool, out []section) []section {
	first := len(out)
	cont := lineState{}   // replays lines lazily, only for indented '['
	lineOff, line := 0, 1 // line is the number of the line starting at lineOff
	for i := 0; i < len(data); {
		j := strings.IndexByte(data[i:], '[')
		if j < 0 {
			break
		}
		at := i + j
		// Bounded by this line's length: after the first '[' of a line the
		// search resumes on the next line.
		ls := at
		if at > 0 && data[at-1] != '\n' {
			ls = strings.LastIndexByte(data[:at], '\n') + 1
		}
		next := len(data)
		if nl := strings.IndexByte(data[at:], '\n'); nl >= 0 {
			next = at + nl + 1
		}
		i = next
		if !blank(data[ls:at]) {
			continue // '[' inside a value or comment
		}
		if at > ls && cont.continues(data, ls, at-ls) {
			continue
		}
		line += strings.Count(data[lineOff:ls], "\n")
		lineOff = ls
		if n := len(out); n > first {
			out[n-1].end = int32(ls)
		}
		kind, name, prefixed := classifyHeader(data[at:next], isConfig)
		out = append(out, section{kind: kind, file: file, prefixed: prefixed, name: name, line: int32(line), body: int32(next), end: int32(len(data)), next: -1})
		cont = lineState{pos: next}
	}
	return out
}

// trimRight drops trailing blanks; strings.TrimRight with a cutset builds a
// lookup table per call, which dominated the scan.
func trimRight(s string) string {
	for len(s) > 0 {
		switch s[len(s)-1] {
		case ' ', '\t', '\r', '\n':
			s = s[:len(s)-1]
		default:
			return s
		}
	}
	return s
}

func blank(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] != ' ' && s[k] != '\t' {
			return false
		}
	}
	return true
}

// lineState replays configparser's rule that a line indented deeper than the
// last key line continues that key's value. pos only moves forward, so all
// replays together cost one pass over the file.
type lineState struct {
	pos       int
	haveKey   bool
	keyIndent int
}

// continues reports whether the line at ls, indented by indent, continues a
// value. Lines before it are replayed first.
func (st *lineState) continues(data string, ls, indent int) bool {
	for st.pos < ls {
		end := ls
		if nl := strings.IndexByte(data[st.pos:ls], '\n'); nl >= 0 {
			end = st.pos + nl
		}
		st.step(data[st.pos:end])
		st.pos = end + 1
	}
	return st.haveKey && indent > st.keyIndent
}

func (st *lineState) step(ln string) {
	indent := 0
	for indent < len(ln) && (ln[indent] == ' ' || ln[indent] == '\t') {
		indent++
	}
	if indent == len(ln) || ln[indent] == '\r' || ln[indent] == '#' || ln[indent] == ';' {
		return
	}
	if st.haveKey && indent > st.keyIndent {
		return
	}
	st.haveKey, st.keyIndent = true, indent
}

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
