"""Settings come from the environment under the service's prefix, with laptop defaults."""

from crm_support.config import Settings


def test_settings_read_the_service_prefix(monkeypatch):
    url = "postgresql+psycopg://db/support"
    monkeypatch.setenv("SUPPORT_DATABASE_URL", url)
    settings = Settings()
    assert settings.database_url == url
    assert settings.service_name == "support"


def test_default_database_is_one_sqlite_file_per_service(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SUPPORT_DATABASE_URL", raising=False)
    assert Settings().sqlalchemy_url() == f"sqlite:///{tmp_path / 'support.db'}"


def test_default_ports_are_the_service_ports(monkeypatch):
    monkeypatch.delenv("SUPPORT_HTTP_PORT", raising=False)
    monkeypatch.delenv("SUPPORT_GRPC_PORT", raising=False)
    settings = Settings()
    assert (settings.http_port, settings.grpc_port) == (8105, 9105)
