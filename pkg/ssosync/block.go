package ssosync

import (
	"bytes"
	"fmt"
	"strings"
)

// Markers of a session's managed block.
func beginMarker(session string) string { return "# BEGIN assume sso sync " + session }
func endMarker(session string) string   { return "# END assume sso sync " + session }

// block is where a session's managed block lies in a config file: the
// byte offsets of its first line and just after its last line; found is
// false when the file has none.
type block struct {
	start, end int
	found      bool
}

// findBlock locates the session's block. A begin marker without its end,
// or two blocks, is an error naming the line: the file was edited by hand
// and guessing could delete the person's profiles.
func findBlock(config []byte, session, file string) (block, error) {
	begin, end := beginMarker(session), endMarker(session)
	var b block
	beginLine, firstBegin := 0, 0
	line, off := 0, 0
	for off < len(config) {
		line++
		next := bytes.IndexByte(config[off:], '\n')
		lineEnd := len(config)
		if next >= 0 {
			lineEnd = off + next + 1
		}
		text := strings.TrimRight(string(config[off:lineEnd]), " \t\r\n")
		switch {
		case isMarker(text, begin):
			if firstBegin != 0 {
				return block{}, fmt.Errorf("%s:%d: a second managed block of sso-session %s (the first begins at line %d); remove one", file, line, session, firstBegin)
			}
			beginLine, firstBegin, b.start = line, line, off
		case isMarker(text, end):
			if beginLine == 0 {
				return block{}, fmt.Errorf("%s:%d: the end of the managed block of sso-session %s has no beginning; remove it", file, line, session)
			}
			b.end, b.found, beginLine = lineEnd, true, 0
		}
		off = lineEnd
	}
	if beginLine != 0 {
		return block{}, fmt.Errorf("%s:%d: the managed block of sso-session %s has no end line (%q); restore it or remove the block", file, beginLine, session, end)
	}
	return b, nil
}

// isMarker: the marker alone, or followed by a space and any comment.
func isMarker(line, marker string) bool {
	rest, ok := strings.CutPrefix(line, marker)
	return ok && (rest == "" || rest[0] == ' ')
}

// Settings are what every generated profile says besides its role.
type Settings struct {
	Session string // sso_session
	Region  string // region; "" writes none
}

// render is the whole block for profiles, lines ending in nl.
func render(profiles []Profile, s Settings, nl string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...); b.WriteString(nl) }
	w("%s (written by `assume sso sync --sso-session %s`: edits between these lines are replaced)", beginMarker(s.Session), s.Session)
	for _, p := range profiles {
		b.WriteString(nl)
		w("[profile %s]", p.Name)
		w("sso_session = %s", s.Session)
		w("sso_account_id = %s", p.AccountID)
		w("sso_role_name = %s", p.Role)
		if s.Region != "" {
			w("region = %s", s.Region)
		}
	}
	if len(profiles) > 0 {
		b.WriteString(nl)
	}
	w("%s", endMarker(s.Session))
	return b.String()
}

// splice puts the block text where the old block was, or appends it after
// a blank line. Only the block's own bytes change; a file that did not
// end with a newline gets one before the block.
func splice(config []byte, b block, text string, nl string) []byte {
	if b.found {
		out := make([]byte, 0, len(config)-(b.end-b.start)+len(text))
		out = append(out, config[:b.start]...)
		out = append(out, text...)
		return append(out, config[b.end:]...)
	}
	out := append([]byte(nil), config...)
	switch {
	case len(out) == 0:
	case !bytes.HasSuffix(out, []byte("\n")):
		out = append(out, nl+nl...)
	case !bytes.HasSuffix(out, []byte("\n\n")) && !bytes.HasSuffix(out, []byte("\n\r\n")):
		out = append(out, nl...)
	}
	return append(out, text...)
}

// newline is the file's line ending: CRLF when it already uses it.
func newline(config []byte) string {
	if bytes.Contains(config, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}
