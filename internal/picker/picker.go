package picker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/assume-cli/assume/internal/iostreams"
)

// ErrNoPick is returned when the user leaves the picker without a choice.
var ErrNoPick = errors.New("no profile picked: run `assume PROFILE` or pick one with Enter")

// Run lets a person filter names and choose one, recently used names
// (recent, latest first) ranked first. It puts the terminal in raw mode;
// everything is drawn on tty, below the cursor, and erased on the way out,
// so stdout stays free for eval and the screen is as before.
func Run(ctx context.Context, tty *iostreams.Console, names, recent []string, color bool) (string, error) {
	ix := newProfileIndex(names, recent)
	fd, err := tty.InFD()
	if err != nil {
		return "", fmt.Errorf("cannot use the terminal for the picker: %w; run `assume PROFILE`", err)
	}
	old, err := term.MakeRaw(fd)
	if err != nil {
		return "", fmt.Errorf("cannot use the terminal for the picker: %w; run `assume PROFILE`", err)
	}
	defer term.Restore(fd, old)
	p := &picker{ix: ix, color: color, matches: ix.rank("")}
	p.width, p.rows = 80, 24
	if w, h, err := term.GetSize(fd); err == nil && w > 0 && h > 0 {
		p.width, p.rows = w, h
	}
	defer io.WriteString(tty, "\r\x1b[J") // erase the picker

	// One read per request, in a goroutine so a SIGTERM (ctx) still ends
	// the picker: nothing reads the terminal once a name is picked, so
	// keys typed ahead go to the shell, not to a stray read.
	type chunk struct {
		b   []byte
		err error
	}
	want, reads := make(chan struct{}), make(chan chunk, 1)
	defer close(want)
	go func() {
		for range want {
			buf := make([]byte, 256)
			n, err := tty.Read(buf)
			reads <- chunk{buf[:n], err}
		}
	}()
	var pending []byte
	for {
		if _, err := io.WriteString(tty, p.frame()); err != nil {
			return "", fmt.Errorf("drawing the picker: %w", err)
		}
		want <- struct{}{}
		var c chunk
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case c = <-reads:
		}
		if c.err != nil {
			return "", fmt.Errorf("reading the terminal: %w", c.err)
		}
		pending = append(pending, c.b...)
		var done bool
		var picked string
		pending, picked, done, err = p.keys(pending)
		if err != nil {
			return "", err
		}
		if done {
			return picked, nil
		}
	}
}

// picker is the state of one picking session, separate from the terminal
// so key handling and drawing are tested without one.
type picker struct {
	ix          *profileIndex
	query       []rune
	matches     []string
	sel, offset int
	width, rows int
	color       bool
}

// keys consumes complete key presses from b and returns what is left (an
// incomplete UTF-8 sequence). done with a name means Enter picked it.
func (p *picker) keys(b []byte) (rest []byte, picked string, done bool, err error) {
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == '\r' || c == '\n':
			if len(p.matches) > 0 {
				return nil, p.matches[p.sel], true, nil
			}
			b = b[1:]
		case c == 0x03 || c == 0x07: // ctrl-c, ctrl-g
			return nil, "", false, ErrNoPick
		case c == 0x1b:
			if len(b) >= 3 && (b[1] == '[' || b[1] == 'O') {
				n := csiLen(b)
				switch string(b[:n]) {
				case "\x1b[A", "\x1bOA":
					p.move(-1)
				case "\x1b[B", "\x1bOB":
					p.move(1)
				case "\x1b[5~":
					p.move(-p.height())
				case "\x1b[6~":
					p.move(p.height())
				}
				b = b[n:]
				continue
			}
			return nil, "", false, ErrNoPick // a lone Esc
		case c == 0x0e: // ctrl-n
			p.move(1)
			b = b[1:]
		case c == 0x10: // ctrl-p
			p.move(-1)
			b = b[1:]
		case c == 0x7f || c == 0x08: // backspace
			if len(p.query) > 0 {
				p.setQuery(p.query[:len(p.query)-1])
			}
			b = b[1:]
		case c == 0x15: // ctrl-u
			p.setQuery(nil)
			b = b[1:]
		case c == 0x17: // ctrl-w: the last word and the separators after it
			q := p.query
			for len(q) > 0 && !isWordRune(q[len(q)-1]) {
				q = q[:len(q)-1]
			}
			for len(q) > 0 && isWordRune(q[len(q)-1]) {
				q = q[:len(q)-1]
			}
			p.setQuery(q)
			b = b[1:]
		case c < 0x20:
			b = b[1:] // other control keys do nothing
		default:
			if !utf8.FullRune(b) {
				return b, "", false, nil
			}
			r, n := utf8.DecodeRune(b)
			if r != utf8.RuneError && r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0) {
				p.setQuery(append(p.query, r))
			}
			b = b[n:]
		}
	}
	return nil, "", false, nil
}

func isWordRune(r rune) bool {
	return r != '-' && r != '_' && r != '/' && r != '.' && r != ' ' && r != ':'
}

// csiLen is the length of the escape sequence at the start of b: ESC, [ or
// O, parameter bytes, then one final byte in 0x40..0x7e.
func csiLen(b []byte) int {
	for i := 2; i < len(b); i++ {
		if b[i] >= 0x40 && b[i] <= 0x7e {
			return i + 1
		}
	}
	return len(b)
}

func (p *picker) setQuery(q []rune) {
	p.query = q
	p.matches = p.ix.rank(string(q))
	p.sel, p.offset = 0, 0
}

func (p *picker) move(delta int) {
	if len(p.matches) == 0 {
		return
	}
	p.sel = max(0, min(len(p.matches)-1, p.sel+delta))
	h := p.height()
	if p.sel < p.offset {
		p.offset = p.sel
	}
	if p.sel >= p.offset+h {
		p.offset = p.sel - h + 1
	}
}

// height is how many names are shown: a list, not a full screen, so the
// user keeps the context above it.
func (p *picker) height() int { return max(1, min(10, p.rows-2)) }

const pickerPrompt = "assume> "

// frame draws the prompt line and the visible names, then puts the cursor
// back after the query. Moves are relative, so it works wherever the
// cursor was and after the terminal scrolled. Raw mode does not turn \n
// into \r\n, hence the explicit \r.
func (p *picker) frame() string {
	var b strings.Builder
	status := fmt.Sprintf("  %d/%d", len(p.matches), len(p.ix.names))
	b.WriteString("\r\x1b[K" + pickerPrompt + fit(string(p.query), p.width-len(pickerPrompt)-len(status)-1))
	b.WriteString(p.dim(status))
	end := min(len(p.matches), p.offset+p.height())
	lines := 0
	for i := p.offset; i < end; i++ {
		name := fitStart(iostreams.Printable(p.matches[i]), p.width-3)
		b.WriteString("\r\n\x1b[K")
		if i == p.sel {
			b.WriteString(p.reverse("> " + name))
		} else {
			b.WriteString("  " + name)
		}
		lines++
	}
	if len(p.matches) == 0 {
		b.WriteString("\r\n\x1b[K  " + p.dim("(no profile matches)"))
		lines++
	}
	b.WriteString("\x1b[J") // whatever a longer list left below
	if lines > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", lines)
	}
	col := len(pickerPrompt) + utf8.RuneCountInString(fit(string(p.query), p.width-len(pickerPrompt)-len(status)-1))
	fmt.Fprintf(&b, "\r\x1b[%dC", col)
	return b.String()
}

func (p *picker) reverse(s string) string {
	if !p.color {
		return s
	}
	return "\x1b[7m" + s + "\x1b[0m"
}

func (p *picker) dim(s string) string {
	if !p.color {
		return s
	}
	return "\x1b[2m" + s + "\x1b[0m"
}

// fit cuts s to at most n runes, keeping the end of long queries visible.
func fit(s string, n int) string {
	if n < 1 {
		return ""
	}
	if r := []rune(s); len(r) > n {
		return string(r[len(r)-n:])
	}
	return s
}

// fitStart cuts s to at most n runes, keeping the start: names are
// recognised by their beginning.
func fitStart(s string, n int) string {
	if n < 1 {
		return ""
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
