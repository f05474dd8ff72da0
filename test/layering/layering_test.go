// Package layering checks the import rules that keep each room to its one
// reason to change (docs/architecture.md). It reads the real import graph
// with `go list`, so a new import that breaks a rule fails `make test` and
// `make lint`.
package layering

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
)

const module = "github.com/assume-cli/assume/"

// rule forbids packages under From (a path below the module) to import
// any package matching one of Not. A Not ending in "/" is a prefix.
type rule struct {
	From string
	Not  []string
	Why  string
}

var rules = []rule{
	{"pkg/", []string{module + "cmd/"}, "libraries never depend on the command layer"},
	{"internal/", []string{module + "cmd/"}, "libraries never depend on the command layer"},
	{"pkg/profiles", []string{module + "pkg/", module + "internal/", "net", "net/http", "os/exec", "github.com/aws/", "github.com/99designs/"},
		"resolving a profile is pure: no network, keyring or process, and no other room"},
	{"pkg/cache", []string{module + "pkg/profiles", module + "pkg/assume", module + "pkg/session", "github.com/aws/"},
		"the cache stores credentials under keys it is given; it knows no profile or source kind"},
	{"pkg/keyrings", []string{module + "pkg/cache", module + "pkg/profiles", module + "pkg/assume", module + "pkg/session"},
		"keyring backends know nothing of what is stored in them"},
	{"pkg/filering", []string{module}, "the file format stands alone"},
	{"pkg/privdir", []string{module}, "the private-directory check stands alone, so every room can use it"},
	{"pkg/filelock", []string{module}, "the file lock stands alone, so the cache and sign-in locks share it"},
	{"pkg/render", []string{module + "pkg/profiles", module + "pkg/assume", module + "pkg/cache", module + "pkg/session", "net/http", "github.com/aws/"},
		"rendering turns credentials into text and does nothing else"},
	{"pkg/assume", []string{module + "pkg/session", module + "internal/doctor", module + "internal/picker"},
		"executing a plan does not depend on how a run is put together"},
	{"pkg/credserver", []string{module + "pkg/session", module + "pkg/assume", module + "pkg/profiles", module + "pkg/cache", module + "internal/",
		"github.com/spf13/", "github.com/aws/"},
		"the credentials server serves what a Source hands it; how credentials are made is not its business"},
	{"pkg/browser", []string{module}, "starting a browser knows nothing else of assume"},
	{"pkg/hottier", []string{module, "github.com/99designs/"}, "the hot tier is kernel keyring calls and nothing else, so the front can link it"},
	{"pkg/cache/payload", []string{module + "pkg/cache", module + "pkg/keyrings", module + "internal/", "github.com/aws/", "github.com/99designs/", "github.com/spf13/", "github.com/godbus/"},
		"the stored form of a session stands alone, so the front can read it without the cache"},
	{"internal/memo", []string{module + "pkg/cache", module + "pkg/session", module + "pkg/assume", module + "pkg/profiles", module + "pkg/keyrings", "github.com/aws/", "github.com/99designs/", "github.com/spf13/", "github.com/godbus/"},
		"a memo is a record of files and names; it knows how nothing is computed"},
	{"internal/front", []string{module + "pkg/session", module + "pkg/assume", module + "pkg/profiles", module + "pkg/cache", module + "pkg/keyrings"},
		"the front answers from a memo; resolving and fetching are the full program's"},
	{"pkg/console", []string{module + "pkg/session", module + "pkg/cache", module + "pkg/keyrings", module + "internal/"},
		"console sign-in works on the plan and credentials it is given: it reads no cache or keyring"},
	{"pkg/sso", []string{module + "pkg/profiles", module + "pkg/assume", module + "pkg/session", module + "pkg/cache", module + "pkg/ssosync", module + "internal/"},
		"signing in and the portal know nothing of profiles, plans or the session cache"},
	{"pkg/ssosync", []string{module + "pkg/assume", module + "pkg/session", module + "pkg/cache", "net", "net/http", "github.com/aws/"},
		"the config block is text: no network; the listing is handed to it"},
}

func TestImportRules(t *testing.T) {
	goTool := testenv.Tool(t, "go")
	out, err := exec.Command(goTool, "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(fields[0], module), fields[1:]
		for _, r := range rules {
			if pkg != r.From && !strings.HasPrefix(pkg, strings.TrimSuffix(r.From, "/")+"/") {
				continue
			}
			checked++
			for _, imp := range imports {
				for _, not := range r.Not {
					if imp == not || strings.HasSuffix(not, "/") && strings.HasPrefix(imp, not) {
						t.Errorf("%s imports %s: %s", pkg, imp, r.Why)
					}
				}
			}
		}
	}
	if checked < len(rules)-2 { // keyrings and filering may not exist on an old tree
		t.Fatalf("only %d rule applications: is the module path right?", checked)
	}
}
