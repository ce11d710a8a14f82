"""The CRM gateway's problem-pages app: Traefik's own errors rendered as problem+json."""
