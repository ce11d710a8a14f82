"""The caller-rights matrix's proofs named in other modules must exist: the scan's own check
can fail (a renamed test, a parametrised id nobody has, a module that is gone)."""

from __future__ import annotations

from pathlib import Path

from crm_suite_testing.rights_scan import proof_exists

ROOT = Path(__file__).resolve().parents[2]


def test_a_proof_named_elsewhere_must_exist() -> None:
    """The check above can fail: a renamed test or a parametrised id nobody has."""
    support = "tests/e2e/test_caller_rights_support.py::"
    assert proof_exists(
        ROOT, f"{support}test_the_secret_record_answers_like_an_id_nobody_has[overview]"
    )
    assert not proof_exists(
        ROOT, f"{support}test_the_secret_record_answers_like_an_id_nobody_has[gone]"
    )
    assert not proof_exists(ROOT, f"{support}test_no_such_test")
    assert not proof_exists(ROOT, "tests/e2e/no_such_module.py::test_x")
