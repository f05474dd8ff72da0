package main

import (
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/hottier"
)

// openHot is the hot tier in the Linux session keyring (pkg/hottier).
func openHot(create bool) (cache.Hot, error) {
	t, err := hottier.Open(create)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// errHotNotMade is the hot tier not created yet in this session: usable.
var errHotNotMade = hottier.ErrNotFound
