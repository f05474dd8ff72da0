package profiles

import "hash/maphash"

// nameIndex maps (kind, name) to the first section of that name. It is a
// small open-addressing table over the sections slice: building a Go map of
// 10,000 strings cost more than scanning the whole file.
type nameIndex struct {
	seed  maphash.Seed
	slots []int32 // section index + 1; 0 is empty
	mask  uint32
}

func (x *nameIndex) hash(kind sectionKind, name string) uint32 {
	h := maphash.String(x.seed, name)
	return uint32(h^h>>32) ^ uint32(kind)*0x9E3779B1
}

// build indexes secs, chaining later sections of a name behind the first so
// that parse sees them in file order (config, then credentials).
func (x *nameIndex) build(secs []section) {
	x.seed = maphash.MakeSeed()
	size := uint32(16)
	for int(size) < 2*len(secs) {
		size <<= 1
	}
	x.slots, x.mask = make([]int32, size), size-1
	var tails map[int32]int32 // chain head -> last section, for repeated names only
	for i := range secs {
		s := &secs[i]
		if s.kind == secIgnored {
			continue
		}
		s.hash = x.hash(s.kind, s.name)
		for k := s.hash & x.mask; ; k = (k + 1) & x.mask {
			j := x.slots[k] - 1
			if j < 0 {
				x.slots[k] = int32(i) + 1
				break
			}
			if h := &secs[j]; h.hash == s.hash && h.kind == s.kind && h.name == s.name {
				if tails == nil {
					tails = map[int32]int32{}
				}
				tail, ok := tails[j]
				if !ok {
					tail = j
				}
				secs[tail].next = int32(i)
				tails[j] = int32(i)
				s.dup = true
				break
			}
		}
	}
}

// head returns the first section of (kind, name).
func (x *nameIndex) head(secs []section, kind sectionKind, name string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := x.hash(kind, name)
	for k := h & x.mask; ; k = (k + 1) & x.mask {
		j := x.slots[k] - 1
		if j < 0 {
			return 0, false
		}
		if s := &secs[j]; s.hash == h && s.kind == kind && s.name == name {
			return j, true
		}
	}
}
