// Package iostreams holds a run's standard streams and its terminal.
// Machine output goes to Out (it may be eval'ed or parsed by an SDK),
// everything for people to ErrOut, and prompts to the Console, never to Out.
package iostreams

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the standard streams of one run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	flush     func() error
	childOut  io.Writer // what a child process writes to: the unbuffered stdout
	stdoutTTY func() bool
	console   func() (*Console, error)
}

// System is the process's streams. Stdout is buffered: `list` and tab
// completion print thousands of lines, one write(2) each unbuffered; Flush
// writes it out before an exec and at exit.
func System() *IOStreams {
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	return &IOStreams{
		In:        os.Stdin,
		Out:       out,
		ErrOut:    os.Stderr,
		flush:     out.Flush,
		childOut:  os.Stdout,
		stdoutTTY: func() bool { return term.IsTerminal(int(os.Stdout.Fd())) },
		console:   openConsole,
	}
}

// Test is streams over buffers, with no terminal anywhere.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// SetStdoutTTY makes IsStdoutTTY answer tty (tests).
func (s *IOStreams) SetStdoutTTY(tty bool) { s.stdoutTTY = func() bool { return tty } }

// SetConsole replaces how the terminal is opened (tests); nil means none.
func (s *IOStreams) SetConsole(open func() (*Console, error)) { s.console = open }

// IsStdoutTTY says whether stdout is a terminal (a person reads it) rather
// than a pipe or file (a program does).
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY != nil && s.stdoutTTY() }

// IsStdinTTY says whether stdin is a terminal.
func (s *IOStreams) IsStdinTTY() bool {
	f, ok := s.In.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Flush writes out buffered stdout; unbuffered streams have nothing to do.
func (s *IOStreams) Flush() error {
	if s.flush == nil {
		return nil
	}
	return s.flush()
}

// ChildStreams are the streams a child process is given: the process's
// own files (so the child sees the same terminal, pipes and files as with
// exec), or the test buffers. Flush stdout before starting the child.
func (s *IOStreams) ChildStreams() (in io.Reader, out, errOut io.Writer) {
	out = s.Out
	if s.childOut != nil {
		out = s.childOut
	}
	return s.In, out, s.ErrOut
}

// ErrNoConsole means the process has no terminal to prompt on.
var ErrNoConsole = errors.New("no terminal")

// Console opens the terminal for a prompt. The caller closes it.
func (s *IOStreams) Console() (*Console, error) {
	if s.console == nil {
		return nil, ErrNoConsole
	}
	return s.console()
}

// HasConsole says whether a prompt could be shown, without showing one.
func (s *IOStreams) HasConsole() bool {
	c, err := s.Console()
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}
