#!/usr/bin/env bash
# Build one image per service (and the gateway's), each tagged crm-<name>:<its pyproject version>.
#   scripts/build_images.sh                   # all seven
#   scripts/build_images.sh billing           # only billing's (the others are untouched)
#   REGISTRY=registry.example.com/crm/ scripts/build_images.sh   # prefix the tags
#   TAG=dev scripts/build_images.sh          # one tag for all (the local k8s overlay uses dev)
#   DOCKER_BUILD_ARGS="--build-arg PYTHON_IMAGE=python:3.11.13-slim-bookworm@sha256:..." ...
# Every image builds from the repository root; its Dockerfile COPYs only its own inputs
# (deploy/images/<name>/Dockerfile), so the layer cache rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(identity contacts sales billing support marketing gateway)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")

version_of() {  # the [project] version of the package the image is named after
  local toml=services/$1/pyproject.toml
  [ "$1" = gateway ] && toml=gateway/pyproject.toml
  python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$toml"
}

for name in "${names[@]}"; do
  [ -f "deploy/images/$name/Dockerfile" ] || { echo "no image named $name (one of: ${ALL[*]})" >&2; exit 2; }
  tag="${REGISTRY:-}crm-$name:${TAG:-$(version_of "$name")}"
  echo "==> $tag"
  # shellcheck disable=SC2086  # DOCKER_BUILD_ARGS is a list of words on purpose
  docker build ${DOCKER_BUILD_ARGS:-} -f "deploy/images/$name/Dockerfile" -t "$tag" .
done
