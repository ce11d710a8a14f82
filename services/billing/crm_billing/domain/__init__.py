"""Business rules of billing: pure Python, no Flask, SQL, gRPC or pika."""
