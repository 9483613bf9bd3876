#!/usr/bin/env bash
# Installs the Debian packages that the tests under deploy/ need, so that
# with FIGURES_EXPORTER_E2E=require none of them is skipped:
#   buildah     builds the Dockerfile and runs the image (TestImage); as root,
#               with the vfs driver and chroot isolation it needs neither a
#               daemon nor a container runtime, hence no recommends
#   prometheus  promtool, for the configuration and alerting rule tests
# Everything else (kustomize, the Kubernetes and Operator API types,
# compose-go) is a Go module and comes with `go test`.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(buildah prometheus)
if ! apt-get install -y -q --no-install-recommends "${packages[@]}"; then
  # A fresh machine may not have the package lists yet.
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${packages[@]}"
fi
buildah --version
promtool --version | head -n 1
