//go:build unix

package filering

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/99designs/keyring"
)

// Items are 0600 whatever the umask: 0 would not narrow CreateTemp's mode,
// 0277 would narrow it to 0400. The umask is process-wide, so this test
// must not run in parallel.
func TestFileringModeIgnoresUmask(t *testing.T) {
	dir := t.TempDir()
	r := New(dir, keyring.FixedStringPrompt("pw"))
	for _, mask := range []int{0, 0o277, 0o022} {
		old := syscall.Umask(mask)
		err := r.Set(keyring.Item{Key: "k", Data: []byte("v")})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(filepath.Join(dir, "k"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("umask %04o: mode %04o", mask, st.Mode().Perm())
		}
	}
}
