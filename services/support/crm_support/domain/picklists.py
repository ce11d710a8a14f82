"""Pick lists shipped with the product (docs/domain.md, "Pick lists"; vtiger's defaults):
tuples of the values a field may take, checked on every write."""

from __future__ import annotations

TICKET_PRIORITIES = ("Low", "Normal", "High", "Urgent")
TICKET_SEVERITIES = ("Minor", "Major", "Feature", "Critical")
TICKET_CATEGORIES = ("Big Problem", "Small Problem", "Other Problem")
#: How a ticket reached us.
TICKET_CHANNELS = ("email", "phone", "portal", "web", "api")
#: A ticket's owner is an internal user or a group of them.
OWNER_KINDS = ("user", "group")
#: Who wrote a comment: staff (an internal user) or the customer (portal or e-mail).
AUTHOR_KINDS = ("staff", "customer")
DEFAULT_PRIORITY = "Normal"
DEFAULT_CHANNEL = "api"
