package keyrings

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/internal/testring"
)

// newLimited is a chunked ring over one that refuses items larger than
// max, as Credential Manager refuses a CredentialBlob over 2,560 bytes.
func newLimited(max int) (*chunkedKeyring, *testring.Ring) {
	inner := testring.New().Limit(max)
	return newChunkedKeyring(inner, max), inner
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func mustKeys(t *testing.T, r keyring.Keyring) []string {
	t.Helper()
	k, err := r.Keys()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(k)
	return k
}

func TestChunkedRoundTripsEverySize(t *testing.T) {
	const max = 128
	for _, n := range []int{0, 1, max - 1, max, max + 1, 2 * max, 2*max + 1, 10*max + 3, 100 * max} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c, inner := newLimited(max)
			data := pattern(n)
			if err := c.Set(keyring.Item{Key: "k", Data: data, Label: "L", Description: "D"}); err != nil {
				t.Fatal(err)
			}
			got, err := c.Get("k")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Data, data) || got.Label != "L" || got.Description != "D" {
				t.Fatalf("read back %d bytes (label %q, description %q), want %d bytes, L, D", len(got.Data), got.Label, got.Description, n)
			}
			if k := mustKeys(t, c); !slices.Equal(k, []string{"k"}) {
				t.Fatalf("Keys() = %q, want only k", k)
			}
			stored := mustKeys(t, inner)
			if n <= max && len(stored) != 1 {
				t.Fatalf("%d bytes fit in one item but were stored as %q", n, stored)
			}
			if n > max && len(stored) < 2 {
				t.Fatalf("%d bytes stored as one item", n)
			}
			if n <= max {
				raw, _ := inner.Get("k")
				if !bytes.Equal(raw.Data, data) {
					t.Fatal("an item that fits must be stored unchanged")
				}
			}
		})
	}
}

func TestChunkedOverwriteDropsOldParts(t *testing.T) {
	const max = 128
	c, inner := newLimited(max)
	sizes := []int{10 * max, 3 * max, 50, 20 * max, 0, 2*max + 5}
	for _, n := range sizes {
		data := pattern(n)
		if err := c.Set(keyring.Item{Key: "k", Data: data}); err != nil {
			t.Fatal(err)
		}
		got, err := c.Get("k")
		if err != nil || !bytes.Equal(got.Data, data) {
			t.Fatalf("after writing %d bytes: %v", n, err)
		}
		head, _ := inner.Get("k")
		h, _, split, _ := parseHead(head.Data)
		if want := 1 + h.parts; len(mustKeys(t, inner)) != want || (!split && want != 1) {
			t.Fatalf("after writing %d bytes the ring holds %q, want %d items", n, mustKeys(t, inner), want)
		}
	}
}

func TestChunkedRemoveRemovesEveryPart(t *testing.T) {
	c, inner := newLimited(128)
	_ = c.Set(keyring.Item{Key: "a", Data: pattern(1000)})
	_ = c.Set(keyring.Item{Key: "b", Data: pattern(1000)})
	if err := c.Remove("a"); err != nil {
		t.Fatal(err)
	}
	for _, k := range mustKeys(t, inner) {
		if !strings.HasPrefix(k, "b") {
			t.Fatalf("Remove(a) left %s", k)
		}
	}
	if _, err := c.Get("b"); err != nil {
		t.Fatalf("b damaged by removing a: %v", err)
	}
	_ = c.Remove("a") // reports what the backend reports (wincred: ErrKeyNotFound)
	if _, err := c.Get("a"); !errors.Is(err, keyring.ErrKeyNotFound) {
		t.Fatalf("reading a missing item: %v, want ErrKeyNotFound", err)
	}
}

func TestChunkedDamageIsAnErrorNotAMiss(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(r *testring.Ring)
	}{
		{"missing part", func(r *testring.Ring) { _ = r.Remove("k.part2") }},
		{"changed part", func(r *testring.Ring) { _ = r.Inner().Set(keyring.Item{Key: "k.part1", Data: pattern(128)[1:]}) }},
		{"swapped part", func(r *testring.Ring) {
			p, _ := r.Get("k.part2")
			_ = r.Inner().Set(keyring.Item{Key: "k.part1", Data: p.Data})
		}},
		{"bad header", func(r *testring.Ring) {
			_ = r.Inner().Set(keyring.Item{Key: "k", Data: []byte(chunkMagic + "x y z\nabc")})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, inner := newLimited(128)
			if err := c.Set(keyring.Item{Key: "k", Data: pattern(600)}); err != nil {
				t.Fatal(err)
			}
			tc.damage(inner)
			_, err := c.Get("k")
			if err == nil || errors.Is(err, keyring.ErrKeyNotFound) {
				t.Fatalf("Get = %v, want an error the store discards the item for", err)
			}
			if err := c.Remove("k"); err != nil {
				t.Fatalf("a damaged item must still be removable: %v", err)
			}
		})
	}
}

// A small value that starts like a split item's head must not be misread.
func TestChunkedValueThatLooksLikeAHead(t *testing.T) {
	c, _ := newLimited(128)
	for _, data := range [][]byte{[]byte(chunkMagic), []byte(chunkMagic + "0 3 0000000000000000\nabc"), append([]byte(chunkMagic), pattern(500)...)} {
		if err := c.Set(keyring.Item{Key: "k", Data: data}); err != nil {
			t.Fatal(err)
		}
		got, err := c.Get("k")
		if err != nil || !bytes.Equal(got.Data, data) {
			t.Fatalf("%q: read back %q, %v", data[:min(len(data), 40)], got.Data, err)
		}
	}
}

func TestChunkedReadsItemsWrittenWithoutIt(t *testing.T) {
	inner := keyring.NewArrayKeyring([]keyring.Item{{Key: "old", Data: []byte(`{"v":1}`)}})
	c := newChunkedKeyring(inner, WinCredMaxBlob)
	got, err := c.Get("old")
	if err != nil || string(got.Data) != `{"v":1}` {
		t.Fatalf("Get(old) = %q, %v", got.Data, err)
	}
}

func TestChunkedRefusesPartNames(t *testing.T) {
	c, _ := newLimited(128)
	if err := c.Set(keyring.Item{Key: "x.part3", Data: []byte("v")}); err == nil {
		t.Fatal("a key named like a part was accepted")
	}
	for name, want := range map[string]bool{"x.part1": true, "x.part12": true, "x.part0": false, "x.part": false, "x.partA": false, "assume.v1.role.x": false} {
		if isPartName(name) != want {
			t.Errorf("isPartName(%q) = %v", name, !want)
		}
	}
}

func TestSplitLargeItemsOnlyWrapsWinCred(t *testing.T) {
	ring := keyring.NewArrayKeyring(nil)
	if _, ok := SplitLargeItems(keyring.WinCredBackend, ring).(*chunkedKeyring); !ok {
		t.Error("wincred not wrapped")
	}
	for _, b := range []keyring.BackendType{keyring.FileBackend, keyring.SecretServiceBackend, keyring.KeychainBackend, keyring.KeyCtlBackend, keyring.PassBackend} {
		if SplitLargeItems(b, ring) != keyring.Keyring(ring) {
			t.Errorf("%s wrapped", b)
		}
	}
	if SplitLargeItems(keyring.WinCredBackend, nil) != nil {
		t.Error("a nil ring (failed open) must stay nil")
	}
}
