#!/usr/bin/env bash
# Builds the release binaries of figures_exporter for linux, darwin and
# windows on amd64 and arm64, with the build's version information, and a
# SHA-256 checksum file; publishes nothing.
#
#   deploy/release/build.sh [OUTDIR]        (default: dist)
#
# Writes OUTDIR/figures_exporter-VERSION.OS-ARCH (.exe on windows) and
# OUTDIR/sha256sums.txt, which `sha256sum -c sha256sums.txt` checks.
#
# The version information is what prometheus/common/version reports
# (`figures_exporter --version`, figures_exporter_build_info):
#   VERSION    $VERSION, else the VERSION file, else `git describe`
#   Revision   the commit (git rev-parse HEAD), "-dirty" when the tree has changes
#   Branch     the branch (git rev-parse --abbrev-ref HEAD)
#   BuildUser  $BUILD_USER, else user@host
#   BuildDate  the commit's time (or $SOURCE_DATE_EPOCH), so that two builds
#              of one commit with one Go are byte for byte the same
# PLATFORMS (e.g. "linux/amd64 linux/arm64") narrows the set.
set -euo pipefail
cd "$(dirname "$0")/../.."

out="${1:-dist}"
platforms="${PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"

version="${VERSION:-}"
if [ -z "$version" ] && [ -f VERSION ]; then
  version="$(tr -d '[:space:]' < VERSION)"
fi
if [ -z "$version" ]; then
  version="$(git describe --tags --always --dirty)"
fi
revision="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  revision="$revision-dirty"
fi
branch="$(git rev-parse --abbrev-ref HEAD)"
build_user="${BUILD_USER:-$(id -un)@$(uname -n)}"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
# The date format of Prometheus' own release builds (promu).
build_date="$(date -u -d "@$epoch" +%Y%m%d-%H:%M:%S)"

pkg=github.com/prometheus/common/version
ldflags="-s -w -X $pkg.Version=$version -X $pkg.Revision=$revision -X $pkg.Branch=$branch -X $pkg.BuildUser=$build_user -X $pkg.BuildDate=$build_date"

mkdir -p "$out"
rm -f "$out"/figures_exporter-* "$out/sha256sums.txt"
names=()
for platform in $platforms; do
  goos="${platform%/*}"
  goarch="${platform#*/}"
  name="figures_exporter-$version.$goos-$goarch"
  if [ "$goos" = windows ]; then
    name="$name.exe"
  fi
  echo "building $name" >&2
  # Static, without cgo, and without the paths of this machine.
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$out/$name" ./cmd/figures_exporter
  names+=("$name")
done
(cd "$out" && sha256sum "${names[@]}" > sha256sums.txt)
echo "$out/sha256sums.txt:" >&2
cat "$out/sha256sums.txt" >&2
