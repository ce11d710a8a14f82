"""The generator of deploy/k8s/base: one module per kind of output file, fed by one table.

table     the suite's services, ports, resources and security contexts (edit here first)
objects   labels, metadata, containers and pod specs every workload shares
services  <svc>.yaml: ConfigMap, migrate Job, Deployments, Services, PDBs, HPAs, policies
routes    Traefik IngressRoutes: one per service, and the gateway's catch-all
gateway   gateway.yaml: Middlewares, ServersTransports, the problem-pages app
directory gateway.yaml too: the gRPC directory (reflection and health behind the gateway)
common    common.yaml: the crm-common ConfigMap, default deny and egress NetworkPolicies
render    file name -> YAML text of everything above, plus base/kustomization.yaml
"""

from .render import render
from .table import SERVICES

__all__ = ["SERVICES", "render"]
