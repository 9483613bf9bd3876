#!/bin/sh
# Runs every fuzz target of the module (every func FuzzXxx in a _test.go
# file) for $FUZZTIME each (default 20s), one after the other, since
# `go test -fuzz` takes one target of one package at a time. An input that
# fails is written to the package's testdata/fuzz/FuzzXxx/, where every
# later `go test` replays it: commit it with the fix.
#
#   .ci/fuzz.sh                  # what CI runs: 20 s per target
#   FUZZTIME=5m .ci/fuzz.sh      # a longer local run
set -eu
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-20s}

# One "package-dir FuzzTarget" line per target, in a stable order.
targets=$(grep -rE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' . |
	sed -E 's|^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|\1 \2|' |
	sort -u)
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi

failed=$(mktemp)
trap 'rm -f "$failed"' EXIT
echo "$targets" | while read -r dir target; do
	echo "== go test -run='^\$' -fuzz='^$target\$' -fuzztime=$fuzztime $dir"
	if ! go test -run='^$' -fuzz="^$target\$" -fuzztime="$fuzztime" "$dir"; then
		echo "$dir $target" >>"$failed"
	fi
done
if [ -s "$failed" ]; then
	echo "fuzz.sh: these targets failed (inputs are under their testdata/fuzz/):" >&2
	cat "$failed" >&2
	exit 1
fi
echo "fuzz.sh: all $(echo "$targets" | wc -l) targets passed, $fuzztime each"
