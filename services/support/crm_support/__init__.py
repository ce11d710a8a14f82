"""The support service: trouble tickets, SLAs, knowledge base, portal views, feedback and
service contracts (not built yet).
"""
