# Container image of figures_exporter: a static binary on an empty base.
#
#   docker build -t figures-exporter \
#     --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run --rm -p 10187:10187 figures-exporter
#
# With no arguments the image serves the report embedded in the binary. To serve
# your own figures, mount them and pass --config.file (see docs/deploy.md).
# deploy/image/build-local.sh builds this same file without any registry.

# The builder image is an argument so that an offline build can substitute a
# local image that carries the Go toolchain.
ARG GO_IMAGE=golang:1.26-bookworm

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY . .
ARG VERSION=dev
ARG REVISION=unknown
ARG BRANCH=unknown
ARG BUILD_USER=container-build
ARG BUILD_DATE=unknown
# CGO off gives a static binary that runs on scratch. -trimpath keeps build
# paths out of the binary. The module and build caches are cache mounts so that
# rebuilds after a source change only recompile what changed; they never end up
# in a layer.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -o /out/figures_exporter \
      -ldflags "-s -w \
        -X github.com/prometheus/common/version.Version=${VERSION} \
        -X github.com/prometheus/common/version.Revision=${REVISION} \
        -X github.com/prometheus/common/version.Branch=${BRANCH} \
        -X github.com/prometheus/common/version.BuildUser=${BUILD_USER} \
        -X github.com/prometheus/common/version.BuildDate=${BUILD_DATE}" \
      ./cmd/figures_exporter

# Nothing but the binary: no shell, no package manager, no CA bundle (the
# exporter makes no outgoing TLS connections).
FROM scratch
ARG VERSION=dev
ARG REVISION=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.title="figures_exporter" \
      org.opencontainers.image.description="Prometheus exporter that serves figures from reports as labeled gauges" \
      org.opencontainers.image.source="https://github.com/figures-exporter/figures_exporter" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${BUILD_DATE}"
COPY --from=build /out/figures_exporter /bin/figures_exporter
# nobody:nogroup; matches runAsUser in deploy/kubernetes/deployment.yaml.
USER 65534:65534
EXPOSE 10187
ENTRYPOINT ["/bin/figures_exporter"]
