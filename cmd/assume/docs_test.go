package main

import (
	"flag"
	"os/exec"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/gendocs"
)

// update rewrites the generated files instead of checking them: `make docs`.
var update = flag.Bool("update", false, "regenerate docs/reference, docs/man and completions/ (make docs)")

// repoRoot is the checkout, seen from this package's directory.
const repoRoot = "../.."

// TestGeneratedFiles fails when docs/reference, docs/man or completions/
// differ from what the command tree generates, so a new command or flag
// cannot ship with stale pages. `make docs` runs it with -update.
func TestGeneratedFiles(t *testing.T) {
	if *update {
		if err := gendocs.Clean(repoRoot); err != nil {
			t.Fatal(err)
		}
		if err := gendocs.Generate(newRootCmd(systemFactory()), repoRoot); err != nil {
			t.Fatal(err)
		}
		return
	}
	fresh := t.TempDir()
	if err := gendocs.Generate(newRootCmd(systemFactory()), fresh); err != nil {
		t.Fatal(err)
	}
	diff, err := gendocs.Diff(fresh, repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff) > 0 {
		t.Errorf("generated files are stale: run make docs and commit the result\n  %s", strings.Join(diff, "\n  "))
	}
}

// TestGenerationIsStable guards byte-stable output (no dates, no map
// order): two runs must produce the same files.
func TestGenerationIsStable(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := gendocs.Generate(newRootCmd(systemFactory()), dir); err != nil {
			t.Fatal(err)
		}
	}
	diff, err := gendocs.Diff(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff) > 0 {
		t.Errorf("two generations differ:\n  %s", strings.Join(diff, "\n  "))
	}
}

// TestBinaryDoesNotLinkDocGenerator keeps cobra/doc and go-md2man, which
// only the tests use, out of the assume binary.
func TestBinaryDoesNotLinkDocGenerator(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "github.com/spf13/cobra/doc" || strings.HasPrefix(pkg, "github.com/cpuguy83/go-md2man") ||
			pkg == "github.com/assume-cli/assume/internal/gendocs" {
			t.Errorf("the assume binary imports %s; keep the doc generator in tests", pkg)
		}
	}
}
