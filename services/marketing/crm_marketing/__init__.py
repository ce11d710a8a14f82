"""The marketing service: campaigns, mailing lists, templates, mass e-mail and online lead
forms (not built yet).
"""
