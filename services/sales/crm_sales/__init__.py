"""The sales service (skeleton so far).

Will own: leads, prospects, opportunities, products, price books, quotes, sales orders, enquiries.
"""
