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

// parseBody reads the key = value lines of one section into keys, later keys
// overwriting earlier ones (botocore merges duplicate sections this way).
// Keys are lowercased; values are trimmed and lose trailing comments.
func parseBody(f *iniFile, s *section, keys map[string]Value) {
	data := f.data[s.body:s.end]
	line := int(s.line)
	var (
		curKey    string
		cur       Value
		curIndent int
		have      bool
	)
	flush := func() {
		if have {
			cur.Text = f.keep(cur.Text)
			for k, v := range cur.Sub {
				v.Text = f.keep(v.Text)
				cur.Sub[k] = v
			}
			keys[f.keep(curKey)] = cur
		}
		have = false
	}
	for pos := 0; pos < len(data); {
		line++
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
		rest := trimRight(ln[indent:])
		if rest == "" || rest[0] == '#' || rest[0] == ';' {
			continue
		}
		at := Location{File: f.name, Line: line}
		if have && indent > curIndent {
			// An empty value followed by indented lines is a nested block;
			// otherwise the line continues the value, as in configparser.
			if cur.Text == "" || cur.Sub != nil {
				if k, v, ok := splitKeyValue(rest); ok {
					if cur.Sub == nil {
						cur.Sub = map[string]Value{}
					}
					cur.Sub[k] = Value{Text: v, At: at}
				}
			} else {
				cur.Text += "\n" + stripComment(rest)
			}
			continue
		}
		flush()
		k, v, ok := splitKeyValue(rest)
		if !ok {
			continue // configparser rejects a line without a delimiter; we skip it
		}
		curKey, cur, curIndent, have = k, Value{Text: v, At: at}, indent, true
	}
	flush()
}

// splitKeyValue splits at the first '=' or ':' (configparser's delimiters).
func splitKeyValue(s string) (key, value string, ok bool) {
	i := 0
	for i < len(s) && s[i] != '=' && s[i] != ':' {
		i++
	}
	if i == 0 || i == len(s) {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimSpace(s[:i]))
	if key == "" {
		return "", "", false
	}
	return key, stripComment(strings.TrimSpace(s[i+1:])), true
}

// stripComment drops a trailing " # ..." or " ; ..." comment. A '#' or ';'
// not preceded by whitespace is part of the value (URLs, secrets).
func stripComment(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	if v != "" && (v[0] == '#' || v[0] == ';') {
		return "" // "key = # comment" has an empty value
	}
	return v
}
