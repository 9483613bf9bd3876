# Targets for people; CI runs .ci/run.
.PHONY: test bench

test:
	go test ./...

# Side by side on loopback: the exporter, a static handler serving the same
# bytes, and promhttp; see docs/performance.md. BENCH_SECONDS,
# BENCH_REPEAT and BENCH_SIZES tune it.
bench:
	bench/run.sh
