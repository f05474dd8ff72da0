package keyrings

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// passDir is cfg.PassDir, else $PASSWORD_STORE_DIR, else ~/.password-store.
func passDir(cfg Config) (string, error) {
	if cfg.PassDir != "" {
		return cfg.PassDir, nil
	}
	if d := cfg.Getenv("PASSWORD_STORE_DIR"); d != "" {
		return d, nil
	}
	home, err := homeDir(cfg)
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".password-store"), nil
}

// checkPassStore is the cheap check for every run: pass is installed and
// the store was initialised (pass reads the nearest .gpg-id upwards).
func checkPassStore(dir, prefix string) error {
	if _, err := exec.LookPath("pass"); err != nil {
		return errors.New("the pass program is not installed")
	}
	if _, err := gpgIDFile(dir, prefix); err != nil {
		return err
	}
	return nil
}

func gpgIDFile(dir, prefix string) (string, error) {
	for _, d := range []string{filepath.Join(dir, prefix), dir} {
		p := filepath.Join(d, ".gpg-id")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("password store %s is not initialised: run pass init <gpg-id>", dir)
}

// probePassGPG checks what pass itself would need: gpg encrypts to every
// recipient in .gpg-id and holds a secret key to decrypt. It writes
// nothing to the store, so probing leaves no commits in a git-backed one.
func probePassGPG(ctx context.Context, dir, prefix string) error {
	idFile, err := gpgIDFile(dir, prefix)
	if err != nil {
		return err
	}
	ids, err := readGPGIDs(idFile)
	if err != nil {
		return err
	}
	gpg := "gpg"
	if _, err := exec.LookPath("gpg2"); err == nil { // as pass does
		gpg = "gpg2"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	enc := []string{"--batch", "--quiet", "--yes", "--no-encrypt-to", "--output", os.DevNull, "--encrypt"}
	for _, id := range ids {
		enc = append(enc, "--recipient", id)
	}
	if out, err := exec.CommandContext(ctx, gpg, enc...).CombinedOutput(); err != nil {
		return fmt.Errorf("gpg cannot encrypt to %s from %s: %w: %s", strings.Join(ids, ", "), idFile, err, oneLine(out))
	}
	list := append([]string{"--batch", "--list-secret-keys", "--"}, ids...)
	if out, err := exec.CommandContext(ctx, gpg, list...).CombinedOutput(); err != nil {
		return fmt.Errorf("gpg has no secret key for %s to decrypt the password store: %w: %s", strings.Join(ids, ", "), err, oneLine(out))
	}
	return nil
}

func readGPGIDs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s names no gpg key: run pass init <gpg-id>", path)
	}
	return ids, nil
}

// oneLine squeezes tool output into one short line for an error message.
func oneLine(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
