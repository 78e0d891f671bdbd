# A small static otelkit image: built against musl on Alpine, run from distroless/static as a
# non-root user with nothing else in the image (no shell, no package manager).
#
#   docker build -t otelkit .
#   docker run --rm -p 9465:9465 otelkit canary --listen 0.0.0.0:9465 \
#     --otlp-endpoint http://collector:4318 --tempo-url http://tempo:3200 ...
#
# `otelkit gen k8s --canary --image <this image>` writes the Deployment that runs it.

FROM rust:1.95-alpine AS build
# The C toolchain ring (rustls) needs; Alpine's musl makes the binary static by default.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
# Manifests first: the dependency layer is reused as long as Cargo.toml and Cargo.lock are.
COPY Cargo.toml Cargo.lock ./
COPY benches benches
COPY tests/it/main.rs tests/it/main.rs
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo fetch --locked \
    && rm -rf src
COPY src src
COPY templates templates
RUN cargo build --release --locked --bin otelkit \
    && strip target/release/otelkit \
    && ./target/release/otelkit --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/target/release/otelkit /usr/local/bin/otelkit
# 65532: distroless's nonroot, the same user `gen k8s --canary` runs as.
USER 65532:65532
EXPOSE 9465
ENTRYPOINT ["/usr/local/bin/otelkit"]
CMD ["canary", "--listen", "0.0.0.0:9465"]
