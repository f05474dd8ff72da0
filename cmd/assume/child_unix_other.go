//go:build unix && !linux

package main

import "syscall"

// childAttr: only Linux can tie a child's life to its parent's. Elsewhere a
// child whose assume was killed keeps running, and its SDK fails at the
// next refresh, since the server is gone (docs/credential-server.md).
func childAttr() *syscall.SysProcAttr { return nil }
