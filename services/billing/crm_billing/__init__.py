"""The billing service (skeleton so far).

Will own: invoices, payments, collections, vendors, purchase orders, credit notes.
"""
