package keyrings

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// PassGit is what a git-backed password store holds of assume's items,
// for doctor: assume keeps new items out of git (see passRing), but a
// version before it let pass commit them, and git keeps what it was given.
type PassGit struct {
	Store   string // the password store's directory
	Folder  string // assume's folder in it, relative to the store
	Repo    bool   // the store is (in) a git work tree
	Ignored bool   // git ignores new entries in Folder
	Tracked int    // files in Folder git still tracks
	Commits int    // commits, on any branch, touching Folder
}

// gitInspectTimeout bounds doctor's look at the store's history.
const gitInspectTimeout = 20 * time.Second

// InspectPassGit looks at the git repository of the pass store cfg
// names, without changing anything. Not a repository (or no git) is
// Repo false and no error.
func InspectPassGit(cfg Config) (PassGit, error) {
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.ServiceName == "" {
		cfg.ServiceName = "assume"
	}
	dir, err := passDir(cfg)
	if err != nil {
		return PassGit{}, err
	}
	g := PassGit{Store: dir, Folder: cfg.ServiceName}
	if _, err := exec.LookPath("git"); err != nil {
		return g, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), gitInspectTimeout)
	defer cancel()
	if out, err := runGit(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(out) != "true" {
		return g, nil
	}
	g.Repo = true
	// A name like assume's own; check-ignore answers 0 when it is ignored.
	_, err = runGit(ctx, dir, "check-ignore", "-q", "--no-index", "--", filepath.ToSlash(filepath.Join(g.Folder, "assume.v2.probe.gpg")))
	g.Ignored = err == nil
	out, err := runGit(ctx, dir, "ls-files", "-z", "--", g.Folder)
	if err != nil {
		return g, err
	}
	g.Tracked = strings.Count(out, "\x00")
	out, err = runGit(ctx, dir, "rev-list", "--all", "--count", "--", g.Folder)
	if err != nil {
		if strings.Contains(err.Error(), "unknown revision") || strings.Contains(err.Error(), "bad revision") {
			return g, nil // a repository without commits
		}
		return g, err
	}
	if g.Commits, err = strconv.Atoi(strings.TrimSpace(out)); err != nil {
		return g, fmt.Errorf("git rev-list: %q", out)
	}
	return g, nil
}

// runGit runs git in dir with the caller's GIT_* settings left out, so it
// looks at the store's own repository.
func runGit(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && errb.Len() == 0 {
			return out.String(), err
		}
		return out.String(), fmt.Errorf("git %s: %w: %s", args[0], err, oneLine(errb.Bytes()))
	}
	return out.String(), nil
}
