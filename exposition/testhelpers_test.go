package exposition

import (
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// Helpers shared with the other packages' tests, named as these tests
// call them.
var (
	testLogger = testutil.Logger
	request    = testutil.Request
	do         = testutil.Do
)
