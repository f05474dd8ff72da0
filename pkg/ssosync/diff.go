package ssosync

import (
	"fmt"
	"strings"
)

// op is one line of an edit script: ' ' kept, '-' removed, '+' added.
type op struct {
	kind byte
	line string
}

// Diff is a unified diff (3 lines of context) from old to new, named
// after file; "" when they are equal. A sync changes one region, so the
// common head and tail are cut first and the rest is compared section by
// section (a section is a header line and the lines up to the next).
func Diff(old, new []byte, file string) string {
	a, b := splitLines(string(old)), splitLines(string(new))
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	if head == len(a) && head == len(b) {
		return ""
	}
	var ops []op
	for _, l := range a[:head] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, sectionDiff(a[head:len(a)-tail], b[head:len(b)-tail])...)
	for _, l := range a[len(a)-tail:] {
		ops = append(ops, op{' ', l})
	}
	return unified(ops, file)
}

// splitLines keeps each line's ending, so a missing final newline shows.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// chunk is a section (or the lines before the first header).
type chunk struct {
	key   string
	lines []string
}

func chunks(lines []string) []chunk {
	var out []chunk
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") || len(out) == 0 {
			out = append(out, chunk{key: t})
		}
		out[len(out)-1].lines = append(out[len(out)-1].lines, l)
	}
	return out
}

// sectionDiff merges two lists of sections by header, in order: equal
// sections are kept, the others removed and added. Any interleaving that
// consumes both lists in order is a correct script; sorted blocks (as
// sync writes them) also give a short one.
func sectionDiff(a, b []string) []op {
	ca, cb := chunks(a), chunks(b)
	var ops []op
	emit := func(kind byte, c chunk) {
		for _, l := range c.lines {
			ops = append(ops, op{kind, l})
		}
	}
	i, j := 0, 0
	for i < len(ca) || j < len(cb) {
		switch {
		case i < len(ca) && j < len(cb) && ca[i].key == cb[j].key:
			if strings.Join(ca[i].lines, "") == strings.Join(cb[j].lines, "") {
				emit(' ', ca[i])
			} else {
				emit('-', ca[i])
				emit('+', cb[j])
			}
			i, j = i+1, j+1
		case j >= len(cb) || i < len(ca) && ca[i].key < cb[j].key:
			emit('-', ca[i])
			i++
		default:
			emit('+', cb[j])
			j++
		}
	}
	return ops
}

// unified formats an edit script as hunks with 3 lines of context.
func unified(ops []op, file string) string {
	const context = 3
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s (after sync)\n", file, file)
	oldLine, newLine := make([]int, len(ops)), make([]int, len(ops))
	o, n := 1, 1
	for k, x := range ops {
		oldLine[k], newLine[k] = o, n
		if x.kind != '+' {
			o++
		}
		if x.kind != '-' {
			n++
		}
	}
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(k-context, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		oldCount, newCount := 0, 0
		for _, x := range ops[start:end] {
			if x.kind != '+' {
				oldCount++
			}
			if x.kind != '-' {
				newCount++
			}
		}
		oldStart, newStart := oldLine[start], newLine[start]
		if oldCount == 0 {
			oldStart--
		}
		if newCount == 0 {
			newStart--
		}
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", oldStart, oldCount, newStart, newCount)
		for _, x := range ops[start:end] {
			b.WriteByte(x.kind)
			b.WriteString(x.line)
			if !strings.HasSuffix(x.line, "\n") {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
		k = end
	}
	return b.String()
}
