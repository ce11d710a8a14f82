from crm_sales.config import Settings


def test_settings_read_the_service_prefix(monkeypatch):
    monkeypatch.setenv("SALES_DATABASE_URL", "postgresql+psycopg://db/sales")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://db/sales"
    assert settings.service_name == "sales"


def test_default_database_is_one_sqlite_file_per_service(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SALES_DATABASE_URL", raising=False)
    assert Settings().sqlalchemy_url() == f"sqlite:///{tmp_path / 'sales.db'}"
