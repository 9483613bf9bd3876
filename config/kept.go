package config

import "strings"

// keptStrings holds the strings a load keeps in its Set, cut from few
// allocations: label-value slices from shared slabs, and each repeated
// label value once. A million figures then cost a few thousand
// allocations rather than millions, and no figure keeps a file's bytes
// alive (CSV records and fast-read nodes share them).
type keptStrings struct {
	free     []string
	interned map[string]string
}

// maxInterned bounds the label values a load shares. Years and provinces
// repeat on every figure and are shared; past the bound the values are
// likely unique (identifiers), and a map of them would cost more than it
// saves.
const maxInterned = 1 << 16

// maxSlabbed is the most strings take cuts from a slab: past it, a slice
// is its own allocation.
const maxSlabbed = 64

// take returns a slice of n strings cut from a shared slab.
func (k *keptStrings) take(n int) []string {
	if n == 0 {
		return nil
	}
	if n > maxSlabbed {
		// A slab of 1024 figures of 100,000 labels took 1.6 GB.
		return make([]string, n)
	}
	if len(k.free) < n {
		k.free = make([]string, 1024*n)
	}
	out := k.free[:n:n]
	k.free = k.free[n:]
	return out
}

// intern returns a copy of v, shared with every earlier equal value.
func (k *keptStrings) intern(v string) string {
	if s, ok := k.interned[v]; ok {
		return s
	}
	s := strings.Clone(v)
	if k.interned == nil {
		k.interned = map[string]string{}
	}
	if len(k.interned) < maxInterned {
		k.interned[s] = s
	}
	return s
}
