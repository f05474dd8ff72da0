package main

import (
	"fmt"
	"os"

	"golang.org/x/term"
)

// ttyPromptSecret reads a secret on /dev/tty without echo, so it works while
// stdout is captured by eval or an SDK.
func ttyPromptSecret(prompt string) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("no terminal to ask for the passphrase on: set ASSUME_KEYRING_PASSPHRASE")
	}
	defer tty.Close()
	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return "", fmt.Errorf("reading the passphrase: %w", err)
	}
	return string(b), nil
}
