package main

import (
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	const out = `Running 3s test @ http://127.0.0.1:40000/metrics
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   301.61us  706.00us  16.26ms   95.35%
    Req/Sec     9.80k     1.30k   12.01k    70.00%
  Latency Distribution
     50%  168.00us
     75%  224.00us
     90%  336.00us
     99%    3.93ms
  58512 requests in 3.00s, 187.54MB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 0, write 0, timeout 2
Requests/sec:  19502.21
Transfer/sec:     62.51MB
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{reqPerSec: 19502.21, requests: 58512, p50: 168 * time.Microsecond, p99: 3930 * time.Microsecond,
		errors: "3 non-2xx, socket errors: connect 0, read 0, write 0, timeout 2"}
	if r != want {
		t.Errorf("parsed %+v, want %+v", r, want)
	}
	if _, err := parseWrk("unable to connect"); err == nil {
		t.Errorf("no error for output without a rate")
	}
}
