#!/usr/bin/env bash
# Builds the repository's Dockerfile with buildah, without any image registry.
#
# The Dockerfile's builder stage is FROM ${GO_IMAGE}. Where no registry can be
# reached, this script first assembles that builder image from this machine:
# the Go toolchain that `go env GOROOT` names (only what `go build` needs),
# /bin/sh for the RUN step, and a file-based module proxy holding exactly the
# modules that building ./cmd/figures_exporter reads. It then builds the real
# Dockerfile with --build-arg GO_IMAGE pointing at that image.
#
# usage: deploy/image/build-local.sh [IMAGE_TAG]     (default localhost/figures-exporter:local)
#
# Environment:
#   BUILDAH_ROOT, BUILDAH_RUNROOT  a private buildah store (both or neither;
#                                  the tests use one in a temporary directory)
#   VERSION, REVISION, BRANCH, BUILD_USER, BUILD_DATE   version information;
#                                  by default taken from git and the clock
#
# Needs: buildah (Debian package), go, git; run as root (vfs storage driver and
# chroot isolation, which work without a container runtime or daemon).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tag=${1:-localhost/figures-exporter:local}
builder=localhost/figures-go-builder:latest

bah=(buildah --storage-driver vfs)
if [ -n "${BUILDAH_ROOT:-}" ]; then
  bah+=(--root "$BUILDAH_ROOT" --runroot "${BUILDAH_RUNROOT:?set BUILDAH_RUNROOT with BUILDAH_ROOT}")
fi

work=$(mktemp -d)
# Module cache files are read-only; make them removable first.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
rootfs=$work/rootfs

step() { printf '%s build-local: %s\n' "$(date -u +%T)" "$*" >&2; }

step "collecting the modules that ./cmd/figures_exporter needs"
cd "$repo"
hostmod=$(go env GOMODCACHE)
# Through the usual GOPROXY, so that the host cache has every module (a no-op
# when it already does) ...
go list -deps ./cmd/figures_exporter >/dev/null
# ... then again from that cache into an empty one, which ends up holding just
# what the build reads. Its download directory is a valid GOPROXY=file://.
GOMODCACHE=$work/mod GOPROXY=file://$hostmod/cache/download GOSUMDB=off GOFLAGS=-mod=readonly \
  go list -deps ./cmd/figures_exporter >/dev/null
mkdir -p "$rootfs/goproxy"
cp -r "$work/mod/cache/download/." "$rootfs/goproxy/"

step "copying the Go toolchain"
goroot=$(go env GOROOT)
tooldir=pkg/tool/$(go env GOHOSTOS)_$(go env GOHOSTARCH)
mkdir -p "$rootfs/usr/local/go/bin" "$rootfs/usr/local/go/$tooldir"
cp "$goroot/bin/go" "$rootfs/usr/local/go/bin/"
cp "$goroot/VERSION" "$goroot/go.env" "$rootfs/usr/local/go/"
cp -r "$goroot/pkg/include" "$rootfs/usr/local/go/pkg/"
for tool in asm compile link; do
  cp "$goroot/$tooldir/$tool" "$rootfs/usr/local/go/$tooldir/"
done
# The standard library's sources, without the toolchain's own commands and
# test data: about half the size, and vfs copies every byte of each layer.
tar -C "$goroot" -cf - --exclude=src/cmd --exclude=testdata src | tar -C "$rootfs/usr/local/go" -xf -

step "copying /bin/sh and its libraries"
sh=$(readlink -f /bin/sh)
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/root"
chmod 1777 "$rootfs/tmp"
cp "$sh" "$rootfs/bin/sh"
for lib in $(ldd "$sh" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

step "committing $builder"
ctr=$("${bah[@]}" from --pull=never scratch)
"${bah[@]}" copy --quiet "$ctr" "$rootfs" / >/dev/null
"${bah[@]}" config \
  --env PATH=/usr/local/go/bin:/bin \
  --env HOME=/root \
  --env GOPATH=/go \
  --env GOPROXY=file:///goproxy \
  --env GOSUMDB=off \
  --env GOTOOLCHAIN=local \
  --workingdir / "$ctr"
"${bah[@]}" commit --quiet --rm "$ctr" "$builder" >/dev/null

step "building $tag from the Dockerfile"
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
revision=${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
branch=${BRANCH:-$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)}
"${bah[@]}" build --quiet --isolation chroot --pull=never \
  --build-arg GO_IMAGE="$builder" \
  --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" \
  --build-arg BRANCH="$branch" \
  --build-arg BUILD_USER="${BUILD_USER:-$(id -un)@$(hostname)}" \
  --build-arg BUILD_DATE="${BUILD_DATE:-$(date -u +%Y%m%d-%H:%M:%S)}" \
  -f "$repo/Dockerfile" -t "$tag" "$repo" >/dev/null
step "built $tag"
