"""The process roles (console scripts crm-support-web, -grpc, -worker, -migrate)."""
