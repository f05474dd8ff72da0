package picker

import (
	"strings"
	"testing"
)

func newTestPicker(names, recent []string) *picker {
	ix := newProfileIndex(names, recent)
	return &picker{ix: ix, matches: ix.rank(""), width: 40, rows: 24}
}

func TestPickerKeys(t *testing.T) {
	names := []string{"dev", "prod-admin", "prod-readonly", "staging-admin"}
	for _, tc := range []struct {
		name, input, want string
	}{
		{"enter picks the first", "\r", "dev"},
		{"recent is first", "\r", "staging-admin"},
		{"filter then enter", "prod\r", "prod-admin"},
		{"down arrow", "prod\x1b[B\r", "prod-readonly"},
		{"ctrl-n then ctrl-p", "prod\x0e\x0e\x10\x10\x0e\r", "prod-readonly"},
		{"down stops at the end", "prod\x1b[B\x1b[B\x1b[B\r", "prod-readonly"},
		{"backspace", "prox\x7fd-r\r", "prod-readonly"},
		{"ctrl-u clears", "zzz\x15\r", "dev"},
		{"ctrl-w drops a word", "prod-zzz\x17\x17dev\r", "dev"},
		{"enter with no match waits", "zzz\r\x15stag\r", "staging-admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var recent []string
			if tc.name == "recent is first" {
				recent = []string{"staging-admin"}
			}
			p := newTestPicker(names, recent)
			rest, picked, done, err := p.keys([]byte(tc.input))
			if err != nil || !done || picked != tc.want || len(rest) != 0 {
				t.Fatalf("keys(%q) = %q, %v, %v (rest %q); want %q", tc.input, picked, done, err, rest, tc.want)
			}
		})
	}
}

func TestPickerCancels(t *testing.T) {
	for _, in := range []string{"\x03", "\x1b", "pro\x07"} {
		p := newTestPicker([]string{"a"}, nil)
		if _, _, done, err := p.keys([]byte(in)); err != ErrNoPick || done {
			t.Errorf("keys(%q) = %v, %v; want ErrNoPick", in, done, err)
		}
	}
}

func TestPickerKeepsSplitUTF8(t *testing.T) {
	p := newTestPicker([]string{"prod-Ärger", "dev"}, nil)
	rest, _, done, err := p.keys([]byte("\xc3"))
	if err != nil || done || string(rest) != "\xc3" {
		t.Fatalf("partial rune: rest %q, %v, %v", rest, done, err)
	}
	_, picked, done, err := p.keys(append(rest, "\x84\r"...))
	if err != nil || !done || picked != "prod-Ärger" {
		t.Fatalf("picked %q, %v, %v", picked, done, err)
	}
}

func TestPickerFrameIsSafeAndBounded(t *testing.T) {
	names := []string{"evil\x1b]0;pwned\x07name", strings.Repeat("long", 30)}
	for i := 0; i < 30; i++ {
		names = append(names, "p"+strings.Repeat("x", i))
	}
	p := newTestPicker(names, nil)
	f := p.frame()
	if strings.Contains(f, "\x1b]0") || strings.Contains(f, "\x07") {
		t.Errorf("a control sequence from a profile name reached the terminal: %q", f)
	}
	if n := strings.Count(f, "\r\n"); n != p.height() {
		t.Errorf("drew %d lines, want %d", n, p.height())
	}
	for _, line := range strings.Split(f, "\r\n") {
		if visible := len([]rune(stripCSI(line))); visible > p.width {
			t.Errorf("line wider than the terminal (%d > %d): %q", visible, p.width, line)
		}
	}
	p.color = false
	if f := p.frame(); strings.Contains(f, "\x1b[7m") {
		t.Errorf("reverse video without colour: %q", f)
	}
}

// stripCSI removes ESC [ ... final sequences, leaving what is displayed.
func stripCSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			i += csiLen([]byte(s[i:])) - 1
			continue
		}
		if s[i] != '\r' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
