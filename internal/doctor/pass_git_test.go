package doctor

import (
	"errors"
	"strings"
	"testing"

	"github.com/assume-cli/assume/pkg/keyrings"
)

func TestPassGitFindings(t *testing.T) {
	for _, c := range []struct {
		name     string
		git      keyrings.PassGit
		err      error
		severity Severity
		code     string
		says     string
	}{
		{"not a repository", keyrings.PassGit{Store: "/s", Folder: "assume"}, nil, "", "", ""},
		{"handled", keyrings.PassGit{Store: "/s", Folder: "assume", Repo: true, Ignored: true}, nil, SeverityInfo, "pass-git", "never committed"},
		{"un-ignored", keyrings.PassGit{Store: "/s", Folder: "assume", Repo: true}, nil, SeverityWarning, "pass-git", "does not ignore assume/"},
		{"history", keyrings.PassGit{Store: "/s", Folder: "assume", Repo: true, Ignored: true, Commits: 3}, nil, SeverityWarning, "pass-git-history", "3 commit(s)"},
		{"tracked", keyrings.PassGit{Store: "/s", Folder: "assume", Repo: true, Ignored: true, Tracked: 2}, nil, SeverityWarning, "pass-git-history", "2 file(s) still tracked"},
		{"unreadable", keyrings.PassGit{}, errors.New("git log: boom"), SeverityWarning, "pass-git", "boom"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := checkPassGit(KeyringCheck{InspectPassGit: func(keyrings.Config) (keyrings.PassGit, error) { return c.git, c.err }})
			if c.code == "" {
				if len(fs) != 0 {
					t.Fatalf("findings for a store without git: %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != c.severity || fs[0].Code != c.code || !strings.Contains(fs[0].Message, c.says) {
				t.Fatalf("findings %+v, want one %s %s saying %q", fs, c.severity, c.code, c.says)
			}
			if c.severity == SeverityWarning && fs[0].Fix == "" {
				t.Errorf("a warning without a fix: %+v", fs[0])
			}
		})
	}
}
