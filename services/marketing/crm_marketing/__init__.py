"""The marketing service (skeleton so far).

Will own: campaigns, mailing lists, templates, mass e-mail, online lead forms.
"""
