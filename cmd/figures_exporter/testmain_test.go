package main

import (
	"os"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestMain builds the binary once for every end-to-end test of the package.
func TestMain(m *testing.M) { os.Exit(e2e.Main(m)) }
