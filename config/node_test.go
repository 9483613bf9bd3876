package config

import (
	"strings"
	"testing"
	"unsafe"
)

// TestNodeHoldsNoPointer pins what document's comment promises: a node is
// 24 bytes with no pointer, so that a million figures' nodes are one
// allocation the garbage collector does not scan.
func TestNodeHoldsNoPointer(t *testing.T) {
	if size := unsafe.Sizeof(node{}); size != 24 {
		t.Errorf("a node takes %d bytes, want 24", size)
	}
}

// TestAliasesShareTheirScalar: yaml.v3 resolves every alias of a scalar to
// its anchor; converted, the aliases must share the anchor's value rather
// than copy it each, or a small file of many aliases of a long text would
// take gigabytes.
func TestAliasesShareTheirScalar(t *testing.T) {
	long := strings.Repeat("x", 10_000)
	var b strings.Builder
	b.WriteString("help: &h " + long + "\nmetrics:\n")
	for range 10_000 {
		b.WriteString("  - *h\n")
	}
	problems := problemList{file: "aliases.yml"}
	doc := parseDocument("aliases.yml", []byte(b.String()), &problems, true)
	if doc == nil {
		t.Fatalf("not read: %v", problems.err())
	}
	if len(doc.extra) > 2*len(long) {
		t.Errorf("10,000 aliases of a %d-byte scalar take %d bytes", len(long), len(doc.extra))
	}
	root := doc.root()
	list := &doc.children(root)[3]
	for i, item := range doc.children(list) {
		if doc.value(&item) != long {
			t.Fatalf("alias %d reads %.20q…, want the anchor's value", i, doc.value(&item))
		}
	}
}
