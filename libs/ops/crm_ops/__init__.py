"""crmctl: one operator command for the whole suite (``crmctl --help``)."""
