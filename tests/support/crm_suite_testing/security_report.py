"""pytest plugin of ``make security``: security classes on tests and a table of their results.

A test joins a class with ``@pytest.mark.security("<class>")``. Tests written before the
suite existed join through :data:`EXISTING` below (file and test-name prefix -> class),
applied at collection before ``-m security`` selects, so they are reused, not copied. At
the end the run prints ``class: cases passed/failed`` and fails when a class has no case.

    pytest tests/e2e -m security -p crm_suite_testing.security_report
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

CLASSES = (
    "tokens",
    "bola",
    "hidden-fields",
    "cursors",
    "dates",
    "big-integers",
    "deep-json",
    "long-strings",
    "control-characters",
    "encoded-paths",
    "long-urls-and-headers",
    "refused-bodies",
    "rate-limits",
)

# (file under tests/, test name prefix) -> class, for tests that predate the marker.
EXISTING: dict[tuple[str, str], str] = {
    ("e2e/test_tokens_are_checked_everywhere.py", "test_"): "tokens",
    ("e2e/test_hardening.py", "test_a_revoked_access_token"): "tokens",
    ("e2e/test_hardening.py", "test_a_replayed_refresh_token"): "tokens",
    ("e2e/test_sign_in_security.py", "test_reusing_a_spent_refresh_token"): "tokens",
    ("e2e/test_sign_in_security.py", "test_logout_revokes"): "tokens",
    ("e2e/test_sign_in_security.py", "test_portal_and_service_tokens"): "bola",
    ("e2e/test_access_control.py", "test_a_manager_sees_subordinates"): "bola",
    ("e2e/test_access_control.py", "test_guessing_or_iterating_ids"): "bola",
    ("e2e/test_access_control.py", "test_a_hidden_field_appears_in_no_answer"): "hidden-fields",
    ("e2e/test_hidden_fields_contacts.py", "test_"): "hidden-fields",
    ("e2e/test_hidden_fields_sales.py", "test_"): "hidden-fields",
    ("e2e/test_hardening.py", "test_far_dates"): "dates",
    ("e2e/test_hardening.py", "test_a_tampered_cursor_and_deep_json"): "cursors",
    ("e2e/test_sign_in_security.py", "test_repeated_failures_lock"): "rate-limits",
    ("e2e/test_hardening.py", "test_identity_lockout_429"): "rate-limits",
    ("gateway/test_hardening.py", "test_a_long_url"): "long-urls-and-headers",
    ("gateway/test_hardening.py", "test_a_large_header"): "long-urls-and-headers",
    ("gateway/test_hardening.py", "test_encoded_special_characters"): "encoded-paths",
    ("gateway/test_hardening.py", "test_each_client_has_its_own_bucket"): "rate-limits",
    ("gateway/test_hardening.py", "test_service_account_tokens_get"): "rate-limits",
    ("gateway/test_hardening.py", "test_the_token_endpoint_is_stricter"): "rate-limits",
    ("gateway/test_hardening.py", "test_identity_own_429"): "rate-limits",
    ("gateway/test_rate_limit.py", "test_"): "rate-limits",
    ("gateway/test_public_write_limit.py", "test_"): "rate-limits",
    ("gateway/test_routing.py", "test_client_sent_identity_headers"): "tokens",
    ("gateway/test_routing.py", "test_aliases_of_identity_headers"): "tokens",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "security(cls): a case of the security suite's class")
    config.pluginmanager.register(_Report(), "crm-security-report")


def security_class(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("security")
    return str(marker.args[0]) if marker and marker.args else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the earlier tests of :data:`EXISTING` before ``-m`` deselects anything."""
    for item in items:
        if security_class(item):
            continue
        path = item.path.as_posix()
        for (file, prefix), cls in EXISTING.items():
            if path.endswith("tests/" + file) and item.name.startswith(prefix):
                item.add_marker(pytest.mark.security(cls))
                break


class _Report:
    def __init__(self) -> None:
        self.passed: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: Any) -> Any:
        outcome = yield
        report = outcome.get_result()
        cls = security_class(item)
        if cls is None or report.skipped:
            return
        # One verdict per case: a failure in setup, call or teardown fails it.
        if report.failed:
            self.failed[cls] += 1
        elif report.when == "call":
            self.passed[cls] += 1

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        seen = set(self.passed) | set(self.failed)
        if not seen:
            return
        write = terminalreporter.write_line
        write("")
        write("security suite: class: cases passed/failed")
        for cls in [*CLASSES, *sorted(seen - set(CLASSES))]:
            mark = "" if self.passed[cls] or self.failed[cls] else "   <- no case ran"
            write(f"  {cls}: {self.passed[cls]} passed / {self.failed[cls]} failed{mark}")
        write(f"  total: {sum(self.passed.values())} passed / {sum(self.failed.values())} failed")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        ran = set(self.passed) | set(self.failed)
        empty = [c for c in CLASSES if c not in ran]
        if ran and empty and session.exitstatus == 0 and not session.config.option.keyword:
            # A class that lost all its cases is a hole in the suite, not a pass.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            session.config.pluginmanager.get_plugin("terminalreporter").write_line(
                f"security suite: no case ran for {', '.join(empty)}"
            )
