# syntax=docker/dockerfile:1.7
# One image for the whole CRM suite; the command picks the role:
#   crm-<service>-web | -grpc | -worker | -migrate, crm-gateway-errors, crm-events.
# Build from the repository root:  docker build -t crm-suite:dev .
# Pin the base by digest for production builds (see deploy/k8s/README.md):
#   docker build --build-arg PYTHON_IMAGE=python:3.11.13-slim-bookworm@sha256:<digest> .
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

# ---- build: a virtualenv with the suite and its pinned dependencies -----------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /app
COPY . .
# Editable, like scripts/install.sh, so the source tree is part of the image at /app
# (every service's migrations are package data inside its package).
# Only runtime dependencies are resolved (requirements/dev.txt is not installed), each
# pinned by requirements/constraints.txt; pip compiles their bytecode, compileall ours.
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/venv/bin/pip install -c requirements/constraints.txt \
        -e libs/chassis -e libs/access -e libs/lines -e protos -e gateway \
        -e services/identity -e services/contacts -e services/sales \
        -e services/billing -e services/support -e services/marketing \
    && /opt/venv/bin/pip check \
    && /opt/venv/bin/python -m compileall -q libs protos gateway services

# ---- runtime: slim, non-root, read-only friendly --------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="crm-suite" \
      org.opencontainers.image.description="CRM suite: identity, contacts, sales, billing, support, marketing"
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CRM_LOG_FORMAT=json \
    CRM_VAR_DIR=/tmp/crm
RUN groupadd --system --gid 10001 crm \
    && useradd --system --uid 10001 --gid crm --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin crm
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without resolving names.
USER 10001:10001
EXPOSE 8101-8106 9101-9106 8199
# No HEALTHCHECK: Kubernetes probes each role (HTTP /api/<svc>/v1/health/*, gRPC health).
CMD ["crm-events", "--help"]
