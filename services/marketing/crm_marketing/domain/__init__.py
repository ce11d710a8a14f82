"""Marketing's domain: pure Python, one module per noun (aggregates with their rules).

No Flask, gRPC, pika, SQLAlchemy or generated code here (tests/unit/test_layering.py).
"""
