//go:build !windows

package iostreams

import (
	"fmt"
	"os"
)

func openConsole() (*Console, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoConsole, err)
	}
	return &Console{In: tty, Out: tty}, nil
}
