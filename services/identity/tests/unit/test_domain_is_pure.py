import ast
from pathlib import Path

import crm_identity.domain as domain

FORBIDDEN = ("flask", "sqlalchemy", "grpc", "pika", "crm.", "google.protobuf", "argon2", "jwt")


def test_domain_code_imports_no_framework_driver_or_generated_code():
    for path in Path(domain.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
