package keyrings

import (
	"errors"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
)

// Once a call has timed out the keyring is taken for hung: later calls
// fail at once, even those that would answer.
func TestDeadlineFailsEveryCallAfterTheFirstTimeout(t *testing.T) {
	r := testring.New(keyring.Item{Key: "k", Data: []byte("v")})
	release := r.Block(testring.Keys)
	defer release()
	d := WithDeadline(r, 10*time.Millisecond)
	if it, err := d.Get("k"); err != nil || string(it.Data) != "v" {
		t.Fatalf("Get before the hang = %q, %v", it.Data, err)
	}
	if _, err := d.Keys(); !errors.Is(err, ErrTimeout) {
		t.Fatalf("hung Keys = %v, want ErrTimeout", err)
	}
	gets := r.Calls(testring.Get)
	if _, err := d.Get("k"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Get after the hang = %v, want ErrTimeout", err)
	}
	if err := d.Set(keyring.Item{Key: "x"}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Set after the hang = %v, want ErrTimeout", err)
	}
	if r.Calls(testring.Get) != gets || r.Calls(testring.Set) != 0 {
		t.Fatal("calls after the hang reached the keyring")
	}
}
