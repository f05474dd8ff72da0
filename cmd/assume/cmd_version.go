package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Set at build time, e.g. by goreleaser or `make build`:
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=0123abc -X main.date=2026-01-02T03:04:05Z"
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func newCmdVersion(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of assume, its commit and build date",
		Long: `version prints the release, the commit it was built from and the build date
(when the build recorded them), then the OS, architecture and Go version.`,
		Example: "  assume version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(f.IO.Out, versionLine(version, commit, date, buildInfo()))
			return err
		},
	}
}

// buildSettings is what the Go toolchain recorded about a build.
type buildSettings struct {
	module   string // module version, "" or "(devel)" for a local build
	revision string // vcs.revision
	time     string // vcs.time
	modified bool   // vcs.modified
}

func buildInfo() buildSettings {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return buildSettings{}
	}
	b := buildSettings{module: info.Main.Version}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.time = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

// versionLine renders "assume v1.2.3 (commit 0123abc, built 2026-01-02T03:04:05Z) linux/amd64 go1.26.0".
// ldflags win; a `go install module@version` build falls back on what the
// toolchain recorded.
func versionLine(v, c, built string, b buildSettings) string {
	if v == "dev" && b.module != "" && b.module != "(devel)" {
		v = b.module
	}
	if c == "" && b.revision != "" {
		c = b.revision
		if len(c) > 12 {
			c = c[:12]
		}
		if b.modified {
			c += "-dirty"
		}
	}
	if built == "" {
		built = b.time
	}
	var extra []string
	if c != "" {
		extra = append(extra, "commit "+c)
	}
	if built != "" {
		extra = append(extra, "built "+built)
	}
	line := "assume " + v
	if len(extra) > 0 {
		line += " (" + strings.Join(extra, ", ") + ")"
	}
	return fmt.Sprintf("%s %s/%s %s", line, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
