package iostreams

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

// Console is the controlling terminal: In reads what the person types, Out
// shows the prompt. On Unix both are /dev/tty; Windows has CONIN$ and
// CONOUT$.
type Console struct {
	In, Out *os.File
}

// OpenConsole opens the platform's terminal; ErrNoConsole when there is none.
func OpenConsole() (*Console, error) { return openConsole() }

// Read reads what the person types.
func (c *Console) Read(p []byte) (int, error) { return c.In.Read(p) }

// Write shows text on the terminal.
func (c *Console) Write(p []byte) (int, error) { return c.Out.Write(p) }

// Close closes the terminal files.
func (c *Console) Close() error {
	err := c.In.Close()
	if c.Out != c.In {
		err = errors.Join(err, c.Out.Close())
	}
	return err
}

// InFD is the descriptor of In for term's raw mode and no-echo reads. It
// is read through SyscallConn, not Fd(): Fd switches the file to blocking
// mode, and a blocked Read could then not be ended by Close; it would
// swallow what the user types next into the shell.
func (c *Console) InFD() (int, error) {
	rc, err := c.In.SyscallConn()
	if err != nil {
		return 0, err
	}
	var fd int
	if err := rc.Control(func(u uintptr) { fd = int(u) }); err != nil {
		return 0, err
	}
	return fd, nil
}

// ReadSecret shows prompt and reads one line without echo. It reads in
// blocking mode (Fd, unlike InFD): term.ReadPassword on a non-blocking
// descriptor fails at once with EAGAIN instead of waiting for the person.
func (c *Console) ReadSecret(prompt string) (string, error) {
	fmt.Fprint(c, prompt)
	b, err := term.ReadPassword(int(c.In.Fd()))
	fmt.Fprintln(c)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
