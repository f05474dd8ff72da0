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
	indent := indentOf(ln)
	if indent == len(ln) || ln[indent] == '\r' || ln[indent] == '#' || ln[indent] == ';' {
		return
	}
	if st.haveKey && indent > st.keyIndent {
		return
	}
	st.haveKey, st.keyIndent = true, indent
}

// nextLine is the line of data starting at pos, without its newline, and
// where the next line starts.
func nextLine(data string, pos int) (line string, next int) {
	if nl := strings.IndexByte(data[pos:], '\n'); nl >= 0 {
		return data[pos : pos+nl], pos + nl + 1
	}
	return data[pos:], len(data)
}

// indentOf counts the blanks (spaces, tabs) that start ln.
func indentOf(ln string) int {
	indent := 0
	for indent < len(ln) && (ln[indent] == ' ' || ln[indent] == '\t') {
		indent++
	}
	return indent
}
