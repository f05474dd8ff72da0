//go:build !linux

package main

import "github.com/assume-cli/assume/pkg/cache"

// openHot: there is no hot tier without the Linux kernel keyring.
var openHot func(create bool) (cache.Hot, error)

var errHotNotMade error
