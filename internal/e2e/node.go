package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireNodeModules returns the path of node, or skips the test (fails it
// when end-to-end tests are required) when node or the packages of the
// package.json in dir are not installed. The packages are installed with
// `npm ci` in dir, as CI does; they are not part of the repository.
func RequireNodeModules(t testing.TB, dir string) string {
	t.Helper()
	node := RequireTool(t, "node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		if Required() {
			t.Fatalf("the node packages of %s are not installed (npm ci --prefix %s), and %s=require: %v", dir, dir, RequireEnv, err)
		}
		t.Skipf("the node packages of %s are not installed (run npm ci --prefix %s, or set %s=require to fail instead)", dir, dir, RequireEnv)
	}
	return node
}
