package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// Prometheus3Env names the Prometheus 3 binary the end-to-end tests run
// beside Debian's Prometheus 2. Debian packages no Prometheus 3, so .ci/run
// builds one from Prometheus' own Go module and sets this to its path.
const Prometheus3Env = "FIGURES_EXPORTER_PROMETHEUS3"

// Server is one Prometheus release the scrape tests run against. The two
// differ in what an operator would meet: 2.42 asks for OpenMetrics without
// an escaping parameter and takes protobuf only with the native-histograms
// feature flag; 3.x asks with escaping=allow-utf-8 (or underscores under
// the legacy name validation), takes protobuf with the
// scrape_native_histograms setting, and fails a scrape whose Content-Type
// it cannot read instead of guessing.
type Server struct {
	Name  string // prometheus2, prometheus3: the subtest's name
	Major int
	find  func() (path string, err error)
}

// Prometheus2 is Debian's package (2.42 on bookworm), found in PATH.
var Prometheus2 = Server{Name: "prometheus2", Major: 2, find: func() (string, error) { return exec.LookPath("prometheus") }}

// Prometheus3 is the binary Prometheus3Env names.
var Prometheus3 = Server{Name: "prometheus3", Major: 3, find: func() (string, error) {
	path := os.Getenv(Prometheus3Env)
	if path == "" {
		return "", fmt.Errorf("%s is not set (.ci/run builds Prometheus 3 and sets it)", Prometheus3Env)
	}
	return exec.LookPath(path)
}}

// Servers are the releases every scrape test runs against.
var Servers = []Server{Prometheus2, Prometheus3}

// Bin returns the server's binary, after checking that it is the major
// release it claims to be; or skips the test (fails it when end-to-end
// tests are required) when it is missing.
func (s Server) Bin(t testing.TB) string {
	t.Helper()
	path, err := s.find()
	if err != nil {
		Unavailable(t, "%s: %v", s.Name, err)
		return ""
	}
	if major, err := majorVersion(path); err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	} else if major != s.Major {
		t.Fatalf("%s: %s is Prometheus %d, not %d", s.Name, path, major, s.Major)
	}
	return path
}

var versionLine = regexp.MustCompile(`(?m)^prometheus, version (\d+)\.\d+\.\d+`)

// majorVersion asks the binary: "prometheus, version 3.16.0 (branch: …)".
func majorVersion(path string) (int, error) {
	out, err := exec.Command(path, "--version").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s --version: %v\n%s", path, err, out)
	}
	m := versionLine.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("%s --version says %q, not a Prometheus version", path, strings.TrimSpace(string(out)))
	}
	var major int
	_, err = fmt.Sscan(string(m[1]), &major)
	return major, err
}

// EachServer runs f as a subtest per Prometheus release, named after it.
// A missing release skips (or fails) its own subtest only.
func EachServer(t *testing.T, f func(t *testing.T, s Server)) {
	t.Helper()
	for _, s := range Servers {
		t.Run(s.Name, func(t *testing.T) {
			s.Bin(t)
			f(t, s)
		})
	}
}
