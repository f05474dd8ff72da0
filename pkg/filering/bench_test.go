package filering

import (
	"testing"

	"github.com/99designs/keyring"
)

// The cost of one cache hit's Get on the file backend, ours against
// 99designs' (jose2go's PBKDF2 dominates theirs). Each iteration opens a
// fresh ring, as each run of assume does. Run with
// `go test -run '^$' -bench 'FileringGet|99designsFileGet' ./pkg/filering`.

func benchItem(b *testing.B, w keyring.Keyring) {
	b.Helper()
	if err := w.Set(keyring.Item{Key: "assume.bench", Data: make([]byte, 1500)}); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkFileringGet(b *testing.B) {
	_, theirs, dir := fileringPair(b)
	benchItem(b, theirs)
	for b.Loop() {
		r := New(dir, keyring.FixedStringPrompt(fileringPass))
		if _, err := r.Get("assume.bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func Benchmark99designsFileGet(b *testing.B) {
	_, theirs, dir := fileringPair(b)
	benchItem(b, theirs)
	cfg := keyring.Config{
		AllowedBackends:  []keyring.BackendType{keyring.FileBackend},
		FileDir:          dir,
		FilePasswordFunc: keyring.FixedStringPrompt(fileringPass),
	}
	for b.Loop() {
		r, err := keyring.Open(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Get("assume.bench"); err != nil {
			b.Fatal(err)
		}
	}
}
