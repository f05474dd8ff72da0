package cache

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// lockHolder is what the holder of a lock writes into its file, so a run
// that gives up waiting can say who holds it. It names the process and
// the key, never the command line (it may carry an --mfa-token code).
type lockHolder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	For     string    `json:"for"`
	Since   time.Time `json:"since"`
}

// maxHolder bounds what is read back: the record is one short line.
const maxHolder = 1024

// writeHolder records this process as the holder, once it holds the lock.
// A failure only costs a less helpful message for a waiter.
func writeHolder(f *os.File, k Key) {
	b, err := json.Marshal(lockHolder{PID: os.Getpid(), Command: filepath.Base(os.Args[0]), For: lockSubject(k), Since: time.Now().UTC()})
	if err != nil {
		return
	}
	b = append(b, '\n')
	if _, err := f.WriteAt(b, holderOffset); err == nil {
		_ = f.Truncate(holderOffset + int64(len(b)))
	}
}

// readHolder describes the lock's holder from its record: "pid 4242
// (assume, profile "prod") for 1m30s", or "another process" when there is
// none (an older assume writes none).
func readHolder(f *os.File) string {
	b, err := io.ReadAll(io.NewSectionReader(f, holderOffset, maxHolder))
	if err != nil {
		return "another process"
	}
	var h lockHolder
	if json.Unmarshal(b, &h) != nil || h.PID <= 0 {
		return "another process"
	}
	held := ""
	if !h.Since.IsZero() {
		held = fmt.Sprintf(" for %s", time.Since(h.Since).Round(time.Second))
	}
	return fmt.Sprintf("pid %d (%s, %s)%s", h.PID, oneWord(h.Command), h.For, held)
}

// oneWord keeps a recorded name printable and short.
func oneWord(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r < ' ' || r == 0x7f || len(out) == 64 {
			break
		}
		out = append(out, r)
	}
	return string(out)
}
