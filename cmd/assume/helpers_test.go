package main

import (
	"bytes"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/internal/iostreams"
)

// testFactory is a factory over buffers and exactly env (read live, so a
// test may change the map between runs), with no terminal anywhere unless
// stdoutTTY says stdout is one.
func testFactory(env map[string]string, stdoutTTY bool) (*factory, *bytes.Buffer, *bytes.Buffer) {
	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(stdoutTTY)
	return &factory{IO: ios, Host: host.FromMap(env)}, out, errOut
}
