package profiles

import "strings"

// Value is one key's value and where it was written.
type Value struct {
	Text string
	At   Location
	// Sub holds nested sub-properties ("s3 =" followed by indented
	// "key = value" lines); nil for plain values.
	Sub map[string]Value `json:",omitempty"`
}

// bodyNotes is what parseBody saw besides keys.
type bodyNotes struct {
	malformed []malformedLine
	repeated  []repeatedKey
	comments  bool // some value holds what looks like an inline comment
}

// repeatedKey is a key set twice in one section: configparser refuses the
// file, assume takes the later value.
type repeatedKey struct {
	key          string
	first, again Location
}

// parseBody reads the key = value lines of one section into keys, later keys
// overwriting earlier ones. It follows Python's configparser as botocore
// configures it: keys are lowercased; a value is taken whole, so " # x" and
// " ; x" after it are part of it (only a line starting with # or ; is a
// comment); a line indented deeper than its key continues the value, blank
// lines between continuation lines included; an empty value followed by
// indented "key = value" lines is a nested block, split at '=' only with
// keys as written (botocore's _parse_nested).
//
// With repeats, keys must be empty: a key already in it is one set twice in
// this section, recorded in the notes (Lint wants it; Resolve does not pay
// for the lookup).
func parseBody(f *iniFile, s *section, keys map[string]Value, repeats bool) bodyNotes {
	var notes bodyNotes
	data := f.data[s.body:s.end]
	line := int(s.line)
	var (
		curKey    string
		cur       Value
		curIndent int
		have      bool
		blanks    int // blank lines seen since the last line of the current value
	)
	flush := func() {
		if have {
			cur.Text = f.keep(cur.Text)
			notes.comments = notes.comments || inlineComment(cur.Text)
			for k, v := range cur.Sub {
				v.Text = f.keep(v.Text)
				notes.comments = notes.comments || inlineComment(v.Text)
				cur.Sub[k] = v
			}
			if repeats {
				if prev, ok := keys[curKey]; ok {
					notes.repeated = append(notes.repeated, repeatedKey{key: f.keep(curKey), first: prev.At, again: cur.At})
				}
			}
			keys[f.keep(curKey)] = cur
		}
		have = false
	}
	for pos := 0; pos < len(data); {
		line++
		var ln string
		ln, pos = nextLine(data, pos)
		indent := indentOf(ln)
		rest := trimRight(ln[indent:])
		if rest == "" {
			blanks++
			continue
		}
		if rest[0] == '#' || rest[0] == ';' {
			continue
		}
		at := Location{File: f.name, Line: line}
		if have && indent > curIndent {
			if cur.Text == "" || cur.Sub != nil {
				k, v, ok := strings.Cut(rest, "=")
				if k = strings.TrimSpace(k); !ok || k == "" {
					notes.malformed = append(notes.malformed, malformedLine{At: at})
					continue
				}
				if cur.Sub == nil {
					cur.Sub = map[string]Value{}
				}
				cur.Sub[k] = Value{Text: strings.TrimSpace(v), At: at}
			} else {
				cur.Text += strings.Repeat("\n", blanks+1) + rest
			}
			blanks = 0
			continue
		}
		flush()
		blanks = 0
		k, v, ok := splitKeyValue(rest)
		if !ok {
			notes.malformed = append(notes.malformed, malformedLine{At: at, key: knownFirstWord(rest)})
			continue
		}
		if strings.IndexByte(k, ' ') >= 0 || strings.IndexByte(k, '\t') >= 0 {
			// "role_arn arn:aws:..." splits at the ':' of the ARN: a key
			// named "role_arn arn", so role_arn is not set.
			if w := knownFirstWord(k); w != "" {
				notes.malformed = append(notes.malformed, malformedLine{At: at, key: w, readAs: k})
			}
		}
		curKey, cur, curIndent, have = k, Value{Text: v, At: at}, indent, true
	}
	flush()
	return notes
}

// splitKeyValue splits at the first '=' or ':' (configparser's delimiters).
func splitKeyValue(s string) (key, value string, ok bool) {
	i := 0
	for i < len(s) && s[i] != '=' && s[i] != ':' {
		i++
	}
	if i == len(s) {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimSpace(s[:i]))
	if key == "" {
		return "", "", false
	}
	return key, strings.TrimSpace(s[i+1:]), true
}

// knownFirstWord is the line's first word when it is a profile key, so an
// error can say "write role_arn = VALUE" without quoting the rest, which may
// be a secret.
func knownFirstWord(s string) string {
	end := 0
	for end < len(s) && s[end] != ' ' && s[end] != '\t' {
		end++
	}
	if w := strings.ToLower(s[:end]); contains(profileKeys[:], w) {
		return w
	}
	return ""
}

// inlineComment reports a " #" or " ;" (or with a tab) inside a value: other
// INI readers, and people, take that for a comment, but botocore keeps it as
// part of the value.
func inlineComment(v string) bool {
	// Two vectorised scans: most values hold neither byte.
	for _, c := range [...]byte{'#', ';'} {
		for i := strings.IndexByte(v, c); i >= 0; {
			if i > 0 && (v[i-1] == ' ' || v[i-1] == '\t') {
				return true
			}
			j := strings.IndexByte(v[i+1:], c)
			if j < 0 {
				break
			}
			i += j + 1
		}
	}
	return false
}
