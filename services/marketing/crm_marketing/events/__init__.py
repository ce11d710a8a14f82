"""Marketing's events.

Integration events out (``outgoing``) and handlers of other services' events (``incoming``).
"""
