package layering

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/testenv"
)

// frontForbidden are what the front must not link, directly or through
// anything it imports: each costs start-up time on every hit (package
// initialisation, binary size), and D-Bus would connect at init.
var frontForbidden = []string{
	"github.com/aws/", "github.com/spf13/", "github.com/godbus/", "github.com/99designs/",
	"gopkg.in/", "net/http", "os/exec",
}

func TestFrontLinksNothingHeavy(t *testing.T) {
	goTool := testenv.Tool(t, "go")
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", "./cmd/assume-front")
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), "GOOS=linux")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("only %d dependencies listed: %s", len(deps), out)
	}
	for _, d := range deps {
		for _, not := range frontForbidden {
			if d == strings.TrimSuffix(not, "/") || strings.HasSuffix(not, "/") && strings.HasPrefix(d, not) {
				t.Errorf("cmd/assume-front links %s: the front must stay small (docs/performance.md)", d)
			}
		}
	}
}
