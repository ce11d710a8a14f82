from crm_billing.config import Settings


def test_settings_read_the_service_prefix(monkeypatch):
    monkeypatch.setenv("BILLING_DATABASE_URL", "postgresql+psycopg://db/billing")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/billing"
    assert settings.service_name == "billing"


def test_default_database_is_one_sqlite_file_per_service(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("BILLING_DATABASE_URL", raising=False)
    assert Settings().sqlalchemy_url() == f"sqlite:///{tmp_path / 'billing.db'}"
