# Targets for people; CI runs .ci/run.
.PHONY: test bench release

test:
	go test ./...

# Side by side on loopback: the exporter, a static handler serving the same
# bytes, and promhttp; see docs/performance.md. BENCH_SECONDS,
# BENCH_REPEAT and BENCH_SIZES tune it.
bench:
	bench/run.sh

# The release binaries (linux, darwin, windows x amd64, arm64) and their
# SHA-256 sums in dist/; see deploy/release/build.sh. Publishes nothing.
release:
	deploy/release/build.sh dist
