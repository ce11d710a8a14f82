"""The support service (skeleton so far).

Will own: trouble tickets, SLAs, knowledge base, portal views, feedback, service contracts.
"""
