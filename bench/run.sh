#!/usr/bin/env bash
# Benchmark /metrics against its limit and against the usual way, side by
# side, on loopback: builds the exporter and the two comparison servers,
# generates synthetic figures of 30, 10k, 100k and 1M series, and loads
# each server with wrk in every format, plain and gzip. Prints markdown
# tables (docs/performance.md shows a run).
#
#   bench/run.sh                       # about six minutes on 2 cores
#   BENCH_SECONDS=10 bench/run.sh      # longer cells, steadier numbers
#   BENCH_SIZES=30,10000 bench/run.sh  # fewer sizes
#   BENCH_REPEAT=3 bench/run.sh       # runs of (a) and (b) per cell, best counts
#
# Needs wrk (Debian package wrk) and Go. Set BENCH_OUT=file to keep the
# tables in a file too; generated figures go to a temporary directory that
# is removed afterwards. Only 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${BENCH_SECONDS:-2}
repeat=${BENCH_REPEAT:-2}
sizes=${BENCH_SIZES:-30,10000,100000,1000000}
connections=${BENCH_CONNECTIONS:-4}
out=${BENCH_OUT:-/dev/null}

if ! command -v wrk >/dev/null; then
  echo "bench/run.sh needs wrk: apt-get install -y wrk" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
go build -o "$work/bin/figures_exporter" ./cmd/figures_exporter
go build -o "$work/bin/static" ./bench/static
go build -o "$work/bin/promhttp" ./bench/promhttp
go build -o "$work/bin/driver" ./bench/driver

"$work/bin/driver" -bin "$work/bin" -work "$work" -sizes "$sizes" \
  -duration "${seconds}s" -connections "$connections" -repeat "$repeat" | tee "$out"
echo "Command: BENCH_SECONDS=$seconds BENCH_REPEAT=$repeat BENCH_SIZES=$sizes BENCH_CONNECTIONS=$connections bench/run.sh" | tee -a "$out"
