package config

import (
	"os"
	"regexp"
	"testing"
)

// resolvedAgainst is the version of yaml.v3 whose resolve.go the fast
// YAML reader's resolvePlain copies (resolve_plain.go), and against which
// FuzzReadYAMLFast and TestReadYAMLFastGenerated last held the reader.
const resolvedAgainst = "v3.0.6"

// TestYAMLv3IsTheVersionResolvePlainCopies fails when go.mod moves yaml.v3
// to another version, or replaces it:
// a new yaml.v3 may resolve scalars differently (what is an integer, a
// timestamp, a boolean), and the fast reader would then read some files
// otherwise than the yaml.v3 path does, depending on their size. Before
// changing resolvedAgainst: diff yaml.v3's resolve.go between the two
// versions, carry any change into resolvePlain, and run FuzzReadYAMLFast
// for a while (FUZZTIME=10m .ci/fuzz.sh, or go test ./config -run '^$'
// -fuzz FuzzReadYAMLFast -fuzztime 10m).
func TestYAMLv3IsTheVersionResolvePlainCopies(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*go\.yaml\.in/yaml/v3 (\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require go.yaml.in/yaml/v3: is the YAML reader still resolvePlain's?")
	}
	if got := string(m[1]); got != resolvedAgainst {
		t.Errorf("go.mod requires yaml.v3 %s, but resolvePlain copies %s: re-check it (see this test's comment), then set resolvedAgainst", got, resolvedAgainst)
	}
	if regexp.MustCompile(`(?m)^\s*(replace\s+)?go\.yaml\.in/yaml/v3\s.*=>`).Match(mod) {
		t.Errorf("go.mod replaces yaml.v3: resolvePlain copies %s as published", resolvedAgainst)
	}
}
