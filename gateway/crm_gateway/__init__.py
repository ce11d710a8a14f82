"""The CRM gateway: Traefik's launcher (``crm-gateway-traefik``) and the problem-pages app
that renders Traefik's own errors as problem+json (``crm-gateway-errors``)."""
