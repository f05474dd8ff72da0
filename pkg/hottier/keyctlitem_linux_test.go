package hottier

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"golang.org/x/sys/unix"
)

const itemName = "assume.test.item"

var itemData = []byte("raw\x00bytes\xff\n{\"json\":1}") // not text: must come back byte for byte

func TestReadKeyctlItem(t *testing.T) {
	service := fmt.Sprintf("assume-hottier-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() { unlinkService(service) })
	env := []string{"HOTTIER_TEST_SERVICE=" + service}
	runChild(t, child{join: joinNew, helper: "keyctl-save", env: env})
	// The reader is in another session, as the front in another shell is.
	runChild(t, child{join: joinNew, helper: "keyctl-read", env: env})

	if _, err := ReadKeyctlItem(service, "assume.test.absent"); !errors.Is(err, ErrNotFound) {
		t.Errorf("absent item: %v, want ErrNotFound", err)
	}
	if _, err := ReadKeyctlItem(service+"-absent", itemName); !errors.Is(err, ErrNotFound) {
		t.Errorf("absent service: %v, want ErrNotFound", err)
	}
	unlinkService(service)
	if _, err := ReadKeyctlItem(service, itemName); !errors.Is(err, ErrNotFound) {
		t.Errorf("after unlinking the service keyring: %v, want ErrNotFound", err)
	}
}

func unlinkService(service string) {
	if id, err := unix.KeyctlSearch(unix.KEY_SPEC_USER_KEYRING, "keyring", service, 0); err == nil {
		_ = unlink(id, unix.KEY_SPEC_USER_KEYRING)
	}
}

func helpKeyctlSave() error {
	ring, err := keyring.Open(keyring.Config{
		AllowedBackends: []keyring.BackendType{keyring.KeyCtlBackend},
		ServiceName:     os.Getenv("HOTTIER_TEST_SERVICE"),
		KeyCtlScope:     "user",
		KeyCtlPerm:      0x3f3f0000, // what pkg/keyrings uses
	})
	if err != nil {
		return err
	}
	if err := ring.Set(keyring.Item{Key: itemName, Data: itemData}); err != nil {
		return err
	}
	return helpKeyctlRead()
}

func helpKeyctlRead() error {
	got, err := ReadKeyctlItem(os.Getenv("HOTTIER_TEST_SERVICE"), itemName)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, itemData) {
		return fmt.Errorf("read %q, want %q", got, itemData)
	}
	return nil
}
