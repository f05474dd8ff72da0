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
	name string
	line int   // 1-based line of the header
	body int   // byte offset just after the header line
	end  int   // byte offset where the next header starts (or len(data))
	next int32 // next section with the same kind and name, -1 at the end
}

// iniFile is one of the two shared files, held as a string so section names
// are substrings of it rather than fresh allocations.
type iniFile struct {
	name string
	data string
}

const bom = "\xEF\xBB\xBF"

// scanSections finds section headers with a line-by-line byte scan that
// never splits keys from values. isConfig selects the config-file naming
// rules ([profile X]) over the credentials-file ones ([X]).
func scanSections(data string, file uint8, isConfig bool, out []section) []section {
	first := len(out)
	pos, line := 0, 0
	haveKey, keyIndent := false, 0
	for pos < len(data) {
		line++
		start := pos
		nl := strings.IndexByte(data[pos:], '\n')
		var ln string
		if nl < 0 {
			ln, pos = data[pos:], len(data)
		} else {
			ln, pos = data[pos:pos+nl], pos+nl+1
		}
		indent := 0
		for indent < len(ln) && (ln[indent] == ' ' || ln[indent] == '\t') {
			indent++
		}
		rest := strings.TrimRight(ln[indent:], " \t\r")
		if rest == "" || rest[0] == '#' || rest[0] == ';' {
			continue
		}
		// Like configparser: a line indented deeper than the last key
		// continues that key, even if it starts with '['.
		if haveKey && indent > keyIndent {
			continue
		}
		if rest[0] != '[' {
			haveKey, keyIndent = true, indent
			continue
		}
		haveKey = false
		if n := len(out); n > first {
			out[n-1].end = start
		}
		kind, name := classifyHeader(rest, isConfig)
		out = append(out, section{kind: kind, file: file, name: name, line: line, body: pos, end: len(data), next: -1})
	}
	return out
}

// classifyHeader maps "[ profile  x ] ; comment" to (secProfile, "x").
func classifyHeader(h string, isConfig bool) (sectionKind, string) {
	closeAt := strings.IndexByte(h, ']')
	if closeAt < 0 {
		return secIgnored, ""
	}
	inner := strings.TrimSpace(h[1:closeAt])
	if inner == "" {
		return secIgnored, ""
	}
	if !isConfig {
		return secProfile, inner
	}
	if inner == "default" {
		return secProfile, inner
	}
	for _, p := range [...]struct {
		word string
		kind sectionKind
	}{{"profile", secProfile}, {"sso-session", secSSOSession}, {"services", secServices}} {
		if name, ok := prefixedName(inner, p.word); ok {
			return p.kind, name
		}
	}
	return secIgnored, inner
}

// prefixedName splits "profile  name" the way botocore's shlex.split does for
// the simple cases: one word, optionally quoted, after the prefix.
func prefixedName(inner, word string) (string, bool) {
	if len(inner) <= len(word) || inner[:len(word)] != word {
		return "", false
	}
	if c := inner[len(word)]; c != ' ' && c != '\t' {
		return "", false
	}
	name := strings.TrimSpace(inner[len(word):])
	if len(name) >= 2 && (name[0] == '"' || name[0] == '\'') && name[len(name)-1] == name[0] {
		name = name[1 : len(name)-1]
		return name, name != ""
	}
	if name == "" || strings.ContainsAny(name, " \t\"'") {
		return "", false
	}
	return name, true
}
