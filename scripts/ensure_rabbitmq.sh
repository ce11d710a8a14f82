#!/usr/bin/env bash
# Make sure a RabbitMQ broker answers on 127.0.0.1:5672 (or CRM_AMQP_HOST:CRM_AMQP_PORT).
# Starts the locally installed one when it is down; otherwise says exactly what to install.
set -euo pipefail
host="${CRM_AMQP_HOST:-127.0.0.1}"
port="${CRM_AMQP_PORT:-5672}"

reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if reachable; then exit 0; fi
if [ "$host" != "127.0.0.1" ] && [ "$host" != "localhost" ]; then
  echo "RabbitMQ at $host:$port is not reachable." >&2; exit 1
fi
if command -v rabbitmq-server >/dev/null 2>&1; then
  echo "==> starting the local RabbitMQ (rabbitmq-server -detached)"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 90); do
    if reachable && rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then exit 0; fi
    sleep 1
  done
  echo "RabbitMQ did not come up within 90 s; see /var/log/rabbitmq/." >&2
  exit 1
fi
cat >&2 <<MSG
No RabbitMQ answers on $host:$port and none is installed.
Install and start one, for example:
  sudo apt-get install -y rabbitmq-server && sudo rabbitmq-server -detached
or point the services at another broker with <SERVICE>_AMQP_URL (e.g. CONTACTS_AMQP_URL).
MSG
exit 1
