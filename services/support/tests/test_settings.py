from crm_support.config import Settings


def test_settings_read_the_service_prefix(monkeypatch):
    monkeypatch.setenv("SUPPORT_DATABASE_URL", "postgresql+psycopg://db/support")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/support"
    assert settings.service_name == "support"


def test_default_database_is_one_sqlite_file_per_service(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SUPPORT_DATABASE_URL", raising=False)
    assert Settings().sqlalchemy_url() == f"sqlite:///{tmp_path / 'support.db'}"
