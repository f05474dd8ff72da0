//go:build !unix

package bench

import "testing"

// Peak memory is measured on Unix only: the metric is left out here.
func buildLauncher(*testing.B) string { return "" }

func peakRSS(*testing.B, string, []string, []string) int64 { return 0 }
