package keyrings

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/keyring"
)

// WinCredMaxBlob is the most bytes Windows Credential Manager keeps as one
// credential's secret (CRED_MAX_CREDENTIAL_BLOB_SIZE, 5*512). A session
// token alone can be longer, so the wincred backend goes through
// chunkedKeyring.
const WinCredMaxBlob = 2560

// SplitLargeItems wraps the keyring of a backend that limits item sizes,
// as Open does; other backends (and a nil ring, when opening failed) pass
// through.
func SplitLargeItems(b keyring.BackendType, ring keyring.Keyring) keyring.Keyring {
	if b == keyring.WinCredBackend && ring != nil {
		return newChunkedKeyring(ring, WinCredMaxBlob)
	}
	return ring
}

// chunkedKeyring stores an item whose Data exceeds max bytes as a head item
// under the item's key plus parts KEY.part1 ... KEY.partN. The head holds a
// header (part count, total length, a checksum) and the first bytes; each
// part holds up to max more. Items that fit are stored unchanged, so items
// written before the wrapper existed still read back.
//
// Parts are written before the head and removed before it, so a reader
// never finds a head without its parts except after a crash, and then Get
// fails with an error (not ErrKeyNotFound) and the store discards the item.
// Keys never lists parts; keys ending in ".partN" are reserved.
type chunkedKeyring struct {
	ring keyring.Keyring
	max  int
}

// chunkMagic starts the head of a split item. It begins with a NUL byte,
// which no JSON payload does; a small value that happens to start with it
// is stored split too, so reading is never ambiguous.
const chunkMagic = "\x00assume-chunked-v1 "

// minChunk keeps the head's header from crowding out its data.
const minChunk = 64

func newChunkedKeyring(ring keyring.Keyring, max int) *chunkedKeyring {
	if max < 2*minChunk {
		panic(fmt.Sprintf("chunkedKeyring: item size limit %d is below %d", max, 2*minChunk))
	}
	return &chunkedKeyring{ring: ring, max: max}
}

// partName names part i (1-based) of key.
func partName(key string, i int) string { return key + ".part" + strconv.Itoa(i) }

// isPartName reports a name ending in ".partN", N >= 1.
func isPartName(name string) bool {
	i := strings.LastIndex(name, ".part")
	if i < 0 {
		return false
	}
	n := name[i+len(".part"):]
	if n == "" || n[0] == '0' {
		return false
	}
	for j := 0; j < len(n); j++ {
		if n[j] < '0' || n[j] > '9' {
			return false
		}
	}
	return true
}

// chunkHeader describes a split item.
type chunkHeader struct {
	parts int    // items besides the head
	size  int    // total length of Data
	sum   string // first 8 bytes of SHA-256(Data), hex
}

func (h chunkHeader) String() string {
	return fmt.Sprintf("%s%d %d %s\n", chunkMagic, h.parts, h.size, h.sum)
}

func checksum(data []byte) string {
	s := sha256.Sum256(data)
	return fmt.Sprintf("%x", s[:8])
}

// parseHead splits a head's data into its header and first chunk; ok is
// false for an item stored unchanged.
func parseHead(data []byte) (h chunkHeader, first []byte, ok bool, err error) {
	if !bytes.HasPrefix(data, []byte(chunkMagic)) {
		return chunkHeader{}, nil, false, nil
	}
	line, rest, found := bytes.Cut(data[len(chunkMagic):], []byte("\n"))
	fields := strings.Fields(string(line))
	if !found || len(fields) != 3 {
		return chunkHeader{}, nil, true, errors.New("malformed header of a split keyring item")
	}
	parts, err1 := strconv.Atoi(fields[0])
	size, err2 := strconv.Atoi(fields[1])
	if err1 != nil || err2 != nil || parts < 0 || size < len(rest) {
		return chunkHeader{}, nil, true, errors.New("malformed header of a split keyring item")
	}
	return chunkHeader{parts: parts, size: size, sum: fields[2]}, rest, true, nil
}

// split returns the head's data and the parts' data for a value that does
// not fit in one item (or starts like a head).
func (c *chunkedKeyring) split(data []byte) (head []byte, parts [][]byte) {
	// The header is longest with the most parts and digits possible; size
	// the first chunk for that so the head never exceeds max.
	longest := chunkHeader{parts: len(data), size: len(data), sum: checksum(nil)}
	first := min(len(data), c.max-len(longest.String()))
	for rest := data[first:]; len(rest) > 0; {
		n := min(len(rest), c.max)
		parts = append(parts, rest[:n])
		rest = rest[n:]
	}
	h := chunkHeader{parts: len(parts), size: len(data), sum: checksum(data)}
	head = append([]byte(h.String()), data[:first]...)
	return head, parts
}

// storedParts is how many parts the item under key has now (0 when it is
// missing, unsplit or unreadable).
func (c *chunkedKeyring) storedParts(key string) int {
	item, err := c.ring.Get(key)
	if err != nil {
		return 0
	}
	h, _, ok, err := parseHead(item.Data)
	if !ok || err != nil {
		return 0
	}
	return h.parts
}

// Set implements keyring.Keyring.
func (c *chunkedKeyring) Set(item keyring.Item) error {
	if isPartName(item.Key) {
		return fmt.Errorf("keyring item name %q is reserved for parts of large items", item.Key)
	}
	old := c.storedParts(item.Key)
	if len(item.Data) <= c.max && !bytes.HasPrefix(item.Data, []byte(chunkMagic)) {
		if err := c.ring.Set(item); err != nil {
			return err
		}
		c.removeParts(item.Key, 1, old)
		return nil
	}
	head, parts := c.split(item.Data)
	for i, p := range parts {
		part := keyring.Item{
			Key:         partName(item.Key, i+1),
			Data:        p,
			Label:       fmt.Sprintf("%s (part %d of %d)", item.Label, i+2, len(parts)+1),
			Description: item.Description,
		}
		if err := c.ring.Set(part); err != nil {
			c.removeParts(item.Key, 1, i)
			return fmt.Errorf("store part %d of %d: %w", i+2, len(parts)+1, err)
		}
	}
	h := item
	h.Data = head
	if err := c.ring.Set(h); err != nil {
		c.removeParts(item.Key, 1, len(parts))
		return err
	}
	c.removeParts(item.Key, len(parts)+1, old)
	return nil
}

// removeParts removes parts from..to of key, highest first; missing ones
// are fine.
func (c *chunkedKeyring) removeParts(key string, from, to int) {
	for i := to; i >= from; i-- {
		_ = c.ring.Remove(partName(key, i))
	}
}

// Get implements keyring.Keyring.
func (c *chunkedKeyring) Get(key string) (keyring.Item, error) {
	item, err := c.ring.Get(key)
	if err != nil {
		return item, err
	}
	h, first, ok, err := parseHead(item.Data)
	if !ok {
		return item, nil
	}
	if err != nil {
		return keyring.Item{}, fmt.Errorf("keyring item %s: %w", key, err)
	}
	data := make([]byte, 0, h.size)
	data = append(data, first...)
	for i := 1; i <= h.parts; i++ {
		p, err := c.ring.Get(partName(key, i))
		if errors.Is(err, keyring.ErrKeyNotFound) {
			return keyring.Item{}, fmt.Errorf("keyring item %s: part %d of %d is missing", key, i+1, h.parts+1)
		}
		if err != nil {
			return keyring.Item{}, fmt.Errorf("keyring item %s: part %d of %d: %w", key, i+1, h.parts+1, err)
		}
		data = append(data, p.Data...)
	}
	if len(data) != h.size || checksum(data) != h.sum {
		return keyring.Item{}, fmt.Errorf("keyring item %s: its parts do not match its header", key)
	}
	item.Data = data
	return item, nil
}

// GetMetadata implements keyring.Keyring.
func (c *chunkedKeyring) GetMetadata(key string) (keyring.Metadata, error) {
	return c.ring.GetMetadata(key)
}

// Remove implements keyring.Keyring: the parts, then the head.
func (c *chunkedKeyring) Remove(key string) error {
	c.removeParts(key, 1, c.storedParts(key))
	return c.ring.Remove(key)
}

// Keys implements keyring.Keyring, leaving the parts out.
func (c *chunkedKeyring) Keys() ([]string, error) {
	keys, err := c.ring.Keys()
	if err != nil {
		return nil, err
	}
	out := keys[:0:0]
	for _, k := range keys {
		if !isPartName(k) {
			out = append(out, k)
		}
	}
	return out, nil
}
