//go:build !linux

// Command assume-front is the Linux fast path in front of the full
// program; elsewhere the full program (./cmd/assume) is installed as
// `assume` alone, since no hit could be answered without the Linux
// kernel keyring.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "assume-front is used on Linux only: install ./cmd/assume as assume")
	os.Exit(1)
}
