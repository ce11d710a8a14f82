"""The process roles (console scripts crm-marketing-web, -grpc, -worker, -migrate)."""
