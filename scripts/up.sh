#!/usr/bin/env bash
# Run the whole suite locally: install, migrate, start every service role and Traefik.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/ensure_rabbitmq.sh

export PATH="$PWD/.venv/bin:$PATH"
export CRM_VAR_DIR="${CRM_VAR_DIR:-$PWD/var}"
export CRM_GATEWAY_PORT="${CRM_GATEWAY_PORT:-8080}"
export CRM_ADMIN_EMAIL="${CRM_ADMIN_EMAIL:-admin@crm.local}"
# A local default only: set CRM_ADMIN_PASSWORD yourself anywhere that is not your laptop.
export CRM_ADMIN_PASSWORD="${CRM_ADMIN_PASSWORD:-crm-admin-local-1}"
export PYTHONUNBUFFERED=1
mkdir -p "$CRM_VAR_DIR" "$CRM_VAR_DIR/log"
# One readable line per event on a terminal. honcho pipes every process's output, so the
# processes cannot see the terminal themselves: decide here (JSON otherwise, e.g. `make up
# > file`; containers always set CRM_LOG_FORMAT=json). Traefik's access log goes to a file.
if [ -t 1 ]; then
  export CRM_LOG_FORMAT="${CRM_LOG_FORMAT:-console}" CRM_LOG_COLOR="${CRM_LOG_COLOR:-1}"
fi
export CRM_GATEWAY_ACCESS_LOG="${CRM_GATEWAY_ACCESS_LOG:-$CRM_VAR_DIR/log/traefik-access.log}"

# Each service calls identity as itself (client credentials, e.g. for the access-policy
# snapshot). Secrets are generated once per machine and kept beside the data.
secrets_file="$CRM_VAR_DIR/service-secrets.env"
if [ ! -f "$secrets_file" ]; then
  (umask 077
   for service in identity contacts sales billing support marketing; do
     echo "CRM_SERVICE_SECRET_${service^^}=$(python -c 'import secrets; print(secrets.token_urlsafe(24))')"
   done > "$secrets_file")
fi
set -a; . "$secrets_file"; set +a
for service in identity contacts sales billing support marketing; do
  var="CRM_SERVICE_SECRET_${service^^}"
  export "${service^^}_CLIENT_ID=svc-$service" "${service^^}_CLIENT_SECRET=${!var}"
done

for service in identity contacts sales billing support marketing; do
  echo "==> migrating $service"
  "crm-$service-migrate"
done

gateway="http://localhost:$CRM_GATEWAY_PORT"
# The banner shows the local default password only: one you chose is never printed.
shown_password="$CRM_ADMIN_PASSWORD"
[ "$CRM_ADMIN_PASSWORD" = "crm-admin-local-1" ] || shown_password='<your CRM_ADMIN_PASSWORD>'
banner() {
  cat <<MSG

  CRM suite is running
    start here:             $gateway/  (services, health, API documentation, sign-in)
    gateway (REST + gRPC):  $gateway
    sign in:                POST $gateway/api/identity/v1/auth/token
                            {"grant_type": "password", "username": "$CRM_ADMIN_EMAIL", "password": "$shown_password"}
    API documentation:      $gateway/api/<service>/v1/docs  (interactive; identity, contacts, sales, billing, support, marketing)
    API documents:          $gateway/api/<service>/v1/openapi.json
    gRPC services:          grpcurl -plaintext localhost:$CRM_GATEWAY_PORT list  (reflection and health at the gateway)
    data:                   $CRM_VAR_DIR (SQLite, one file per service)
    gateway access log:     $CRM_GATEWAY_ACCESS_LOG
    mail sent (local sink): $CRM_VAR_DIR/mail/*.eml  (support's mails; nothing leaves this machine)
    mail to support:        SMTP 127.0.0.1:2526, to support@crm.local (e.g. swaks --server 127.0.0.1:2526 --to support@crm.local)
  Ctrl-C stops everything.

MSG
}
# Say where to go once the gateway really answers, after the start-up noise.
(
  for _ in $(seq 1 120); do
    if curl -fsS "$gateway/api/contacts/v1/health/ready" >/dev/null 2>&1 \
       && curl -fsS "$gateway/api/sales/v1/health/ready" >/dev/null 2>&1 \
       && curl -fsS "$gateway/api/billing/v1/health/ready" >/dev/null 2>&1 \
       && curl -fsS "$gateway/api/support/v1/health/ready" >/dev/null 2>&1 \
       && curl -fsS "$gateway/api/marketing/v1/health/ready" >/dev/null 2>&1 \
       && curl -fsS "$gateway/api/identity/v1/jwks" >/dev/null 2>&1; then
      # Demo data goes in through the gateway, so it waits for the suite (README "Demo data").
      if [ "${CRM_DEMO:-0}" = "1" ]; then
        echo "==> loading the demo data into every service (crmctl demo load)"
        crmctl demo load || echo "crmctl demo load failed (see above); run it again when fixed" >&2
      fi
      banner; exit 0
    fi
    sleep 0.5
  done
  echo "The gateway did not answer within 60 s; see the process output above." >&2
) &
exec honcho -f Procfile start
