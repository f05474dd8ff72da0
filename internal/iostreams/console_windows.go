//go:build windows

package iostreams

import (
	"fmt"
	"os"
)

// Windows has no /dev/tty: the console's input and screen buffers are the
// special files CONIN$ and CONOUT$, which work even when the standard
// streams are redirected.
func openConsole() (*Console, error) {
	in, err := os.OpenFile("CONIN$", os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoConsole, err)
	}
	out, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("%w: %v", ErrNoConsole, err)
	}
	return &Console{In: in, Out: out}, nil
}
