"""Access-token verification and the permission hooks services use."""

from crm_chassis.auth.policy import AccessPolicy
from crm_chassis.auth.principal import Principal
from crm_chassis.auth.tokens import TokenVerifier

__all__ = ["AccessPolicy", "Principal", "TokenVerifier"]
