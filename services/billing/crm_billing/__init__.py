"""The billing service: invoices, payments, credit notes, collections, vendors and purchase
orders (see README.md for where things are)."""
