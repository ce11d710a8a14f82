from crm_marketing.config import Settings


def test_settings_read_the_service_prefix(monkeypatch):
    monkeypatch.setenv("MARKETING_DATABASE_URL", "postgresql+psycopg://db/marketing")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/marketing"
    assert settings.service_name == "marketing"


def test_default_database_is_one_sqlite_file_per_service(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("MARKETING_DATABASE_URL", raising=False)
    assert Settings().sqlalchemy_url() == f"sqlite:///{tmp_path / 'marketing.db'}"
