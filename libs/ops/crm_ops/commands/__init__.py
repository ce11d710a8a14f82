"""crmctl sub-commands, one module per group."""
