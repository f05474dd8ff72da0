package hottier

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// BenchmarkGet measures the front's hit path, Open(false) then Get, without
// a child: it runs on a thread of its own that joins a new session keyring
// and is never unlocked, so the thread (and its session keyring) ends with
// the goroutine and no other code of the test process sees the change. (Go
// creates new threads from a template thread, not from a locked one.)
func BenchmarkGet(b *testing.B) {
	entry := bytes.Repeat([]byte("x"), 1500) // about a cached session's size
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if _, _, errno := unix.Syscall(unix.SYS_KEYCTL, unix.KEYCTL_JOIN_SESSION_KEYRING, 0, 0); errno != 0 {
			done <- errno
			return
		}
		tier, err := Open(true)
		if err == nil {
			err = tier.Put("bench", entry, time.Now().Add(time.Hour))
		}
		if err != nil {
			done <- err
			return
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			t, err := Open(false)
			if err == nil {
				_, err = t.Get("bench")
			}
			if err != nil {
				done <- err
				return
			}
		}
		b.StopTimer()
		done <- nil
	}()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
