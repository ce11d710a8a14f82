"""Process entrypoints (the only modules with main()): web, grpc, worker, migrate, overdue."""
