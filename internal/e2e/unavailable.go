package e2e

import "testing"

// Unavailable ends the test because a prerequisite other than a program in
// PATH is missing (a kernel feature, a package of this module): it skips with
// the formatted reason, or fails with it when Required reports true.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf("end-to-end prerequisite missing and "+RequireEnv+"=require: "+format, args...)
		return
	}
	t.Skipf("skipping (set "+RequireEnv+"=require to fail instead): "+format, args...)
}
