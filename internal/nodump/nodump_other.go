//go:build !linux

package nodump

// Disable does nothing outside Linux; restore does nothing either.
func Disable() (restore func(), err error) { return func() {}, nil }
