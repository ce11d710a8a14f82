"""monitoring.yaml: what Prometheus (the Prometheus Operator) scrapes and alerts on.

Per service one ServiceMonitor that scrapes all its roles through the Services of
services.py: ``<svc>-web`` (port ``http``; web pods serve /metrics there) and ``<svc>-grpc``
and ``<svc>-worker`` (port ``ops``, 9300). services.py's NetworkPolicies let the
``monitoring`` namespace reach those ports. One PrometheusRule holds the alerts on the
chassis' series (libs/chassis/crm_chassis/ops/metrics.py).
"""

from __future__ import annotations

from typing import Any

from .objects import labels, meta
from .table import PART_OF, SERVICES

OPS_PORT = 9300
MONITORING_NAMESPACE = "monitoring"
# The Prometheus Operator's default ruleSelector/serviceMonitorSelector in kube-prometheus-stack
# is the Helm release label; set it in an overlay if yours differs.
SCRAPE_INTERVAL = "30s"


def monitoring_documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for service in SERVICES:
        docs.append(service_monitor(service))
    docs.append(alert_rules())
    return docs




def service_monitor(service: str) -> dict[str, Any]:
    endpoint = {
        "path": "/metrics",
        "interval": SCRAPE_INTERVAL,
        "scheme": "http",
        # crm_service (sales) and crm_role (web, grpc, worker) on every series: the alerts
        # group by them, whatever the Service a target was found through.
        "relabelings": [
            {
                "sourceLabels": [f"__meta_kubernetes_pod_label_{key}"],
                "targetLabel": target,
            }
            for key, target in (
                ("app_kubernetes_io_name", "crm_service"),
                ("app_kubernetes_io_component", "crm_role"),
            )
        ],
    }
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "ServiceMonitor",
        "metadata": meta(service, service, "metrics"),
        "spec": {
            # <svc>-web (port http) and <svc>-grpc-ops, <svc>-worker-ops (port ops); the
            # <svc>-grpc Service has neither port name and is left out.
            "selector": {"matchLabels": {"app.kubernetes.io/name": service, **PART_OF}},
            "endpoints": [{"port": "http", **endpoint}, {"port": "ops", **endpoint}],
        },
    }



def _alert(name: str, expr: str, for_: str, severity: str, summary: str) -> dict[str, Any]:
    return {
        "alert": name,
        "expr": expr,
        "for": for_,
        "labels": {"severity": severity},
        "annotations": {"summary": summary},
    }


BY = "namespace, crm_service"
ALERTS = [
    _alert(
        "CrmOutboxGrowing",
        f"min by ({BY}) (crm_outbox_oldest_age_seconds) > 300"
        f" and max by ({BY}) (deriv(crm_outbox_backlog[10m])) > 0",
        "10m",
        "warning",
        "{{ $labels.crm_service }}: outbox rows wait over 5 minutes and the backlog grows"
        " (relay down or broker refusing).",
    ),
    _alert(
        "CrmEventsParked",
        f"sum by ({BY}, queue) (increase(crm_events_parked_total[15m])) > 0",
        "0m",
        "warning",
        "{{ $labels.queue }}: events were parked; see `crmctl events parked list`.",
    ),
    _alert(
        "CrmConsumerLag",
        f'max by ({BY}, queue) (crm_events_queue_depth{{queue=~".*[.]events"}}) > 1000',
        "10m",
        "warning",
        "{{ $labels.queue }}: over 1000 events wait for the consumer.",
    ),
    _alert(
        "CrmHttpErrorRate",
        f'sum by ({BY}) (rate(crm_http_requests_total{{status=~"5.."}}[5m]))'
        f" / sum by ({BY}) (rate(crm_http_requests_total[5m])) > 0.05",
        "10m",
        "critical",
        "{{ $labels.crm_service }}: over 5 % of HTTP requests fail with 5xx.",
    ),
    _alert(
        "CrmGrpcErrorRate",
        f"sum by ({BY}) (rate(crm_grpc_server_handled_total"
        f'{{code=~"INTERNAL|UNKNOWN|UNAVAILABLE|DEADLINE_EXCEEDED|DATA_LOSS"}}[5m]))'
        f" / sum by ({BY}) (rate(crm_grpc_server_handled_total[5m])) > 0.05",
        "10m",
        "critical",
        "{{ $labels.crm_service }}: over 5 % of gRPC calls fail.",
    ),
    _alert(
        "CrmHttpLatencyP99",
        f"histogram_quantile(0.99, sum by ({BY}, le)"
        " (rate(crm_http_request_duration_seconds_bucket[5m]))) > 1",
        "15m",
        "warning",
        "{{ $labels.crm_service }}: p99 HTTP latency above 1 s.",
    ),
    _alert(
        "CrmSlaBreachBacklog",
        f"max by ({BY}) (crm_support_sla_breached_open) > 10",
        "30m",
        "warning",
        "{{ $value }} SLA targets are breached and still unmet.",
    ),
]


def alert_rules() -> dict[str, Any]:
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "crm-alerts", "labels": labels("crm", "alerts")},
        "spec": {"groups": [{"name": "crm", "rules": ALERTS}]},
    }
