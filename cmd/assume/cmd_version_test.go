package main

import (
	"runtime"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	tail := " " + runtime.GOOS + "/" + runtime.GOARCH + " " + runtime.Version()
	vcs := buildSettings{module: "(devel)", revision: "0123456789abcdef0123", time: "2026-01-01T00:00:00Z"}
	for _, tc := range []struct {
		name                string
		version, commit, at string
		build               buildSettings
		want                string
	}{
		{"release ldflags win", "v1.2.3", "abc1234", "2026-02-03T04:05:06Z", vcs, "assume v1.2.3 (commit abc1234, built 2026-02-03T04:05:06Z)"},
		{"local build: the toolchain's vcs stamp", "dev", "", "", vcs, "assume dev (commit 0123456789ab, built 2026-01-01T00:00:00Z)"},
		{"dirty tree", "dev", "", "", buildSettings{revision: "0123456789abcdef", modified: true}, "assume dev (commit 0123456789ab-dirty)"},
		{"go install module@version", "dev", "", "", buildSettings{module: "v1.4.0"}, "assume v1.4.0"},
		{"nothing recorded", "dev", "", "", buildSettings{}, "assume dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := versionLine(tc.version, tc.commit, tc.at, tc.build)
			if got != tc.want+tail {
				t.Errorf("versionLine = %q, want %q", got, tc.want+tail)
			}
			if strings.Contains(got, "\n") {
				t.Error("version line has a newline")
			}
		})
	}
}
