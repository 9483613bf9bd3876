package config

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestZZProbe(t *testing.T) {
	for _, name := range []string{"/tmp/x.yml", "/tmp/x.json"} {
		data, _ := os.ReadFile(name)
		for i := 0; i < 3; i++ {
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			t0 := time.Now()
			var d *document
			var ok bool
			if name == "/tmp/x.yml" {
				d, ok = readYAMLFast(data)
			} else {
				d, ok = readJSONFast(data)
			}
			el := time.Since(t0)
			runtime.ReadMemStats(&m1)
			fmt.Println(name, i, ok, el, len(d.nodes), cap(d.nodes), "gcs", m1.NumGC-m0.NumGC, "pause", time.Duration(m1.PauseTotalNs-m0.PauseTotalNs), "gcCPUfrac", m1.GCCPUFraction)
			d = nil
		}
		if os.Getenv("NOGC") != "" {
			debug.SetGCPercent(-1)
			for i := 0; i < 2; i++ {
				t0 := time.Now()
				readYAMLFast(data)
				fmt.Println("nogc", name, time.Since(t0))
			}
			debug.SetGCPercent(100)
		}
	}
}
