#!/usr/bin/env bash
# Make sure a RabbitMQ broker answers on 127.0.0.1:5672 (or CRM_AMQP_HOST:CRM_AMQP_PORT).
# Starts the locally installed one when it is down; otherwise says exactly what to install.
# A local broker that answers but cannot declare a quorum queue (seen once after restarts
# under load: every declare INTERNAL_ERROR, Ra "noproc") is restarted.
set -euo pipefail
host="${CRM_AMQP_HOST:-127.0.0.1}"
port="${CRM_AMQP_PORT:-5672}"

reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

# Declares and deletes a quorum queue (the suite's queues are quorum queues) with the venv's
# pika; says nothing and passes when there is no venv yet.
quorum_ok() {
  local py=.venv/bin/python
  [ -x "$py" ] || return 0
  "$py" - "$host" "$port" <<'PY' >/dev/null 2>&1
import sys, uuid
import pika
params = pika.ConnectionParameters(sys.argv[1], int(sys.argv[2]), socket_timeout=10,
                                   blocked_connection_timeout=10)
with pika.BlockingConnection(params) as conn:
    channel = conn.channel()
    name = f"crm-health-{uuid.uuid4().hex[:8]}"
    channel.queue_declare(name, durable=True, arguments={"x-queue-type": "quorum"})
    channel.queue_delete(name)
PY
}

local_broker() { [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; }

if reachable; then
  if quorum_ok; then exit 0; fi
  if ! local_broker || ! command -v rabbitmqctl >/dev/null 2>&1; then
    echo "RabbitMQ at $host:$port answers but cannot declare a quorum queue." >&2; exit 1
  fi
  echo "==> RabbitMQ answers but cannot declare a quorum queue: restarting it"
  rabbitmqctl stop >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do reachable || break; sleep 1; done
fi
if ! local_broker; then
  echo "RabbitMQ at $host:$port is not reachable." >&2; exit 1
fi
if command -v rabbitmq-server >/dev/null 2>&1; then
  echo "==> starting the local RabbitMQ (rabbitmq-server -detached)"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 90); do
    if reachable && rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && quorum_ok; then
      exit 0
    fi
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
