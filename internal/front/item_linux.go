package front

import (
	"errors"

	"github.com/assume-cli/assume/internal/memo"
	"github.com/assume-cli/assume/pkg/hottier"
)

// itemData reads the memo's item from the kernel keyring: the keyctl
// backend's own item, or the hot tier's copy of another backend's.
func itemData(rec memo.Record) ([]byte, error) {
	if rec.Backend == "keyctl" {
		return hottier.ReadKeyctlItem(rec.Service, rec.Item)
	}
	if !rec.Hot {
		return nil, errors.New("no hot copy")
	}
	t, err := hottier.Open(false)
	if err != nil {
		return nil, err
	}
	return t.Get(rec.Item)
}
