"""The interactive documentation page: public, served with its own assets (no CDN), a CSP
that allows this origin only, and left out of the API's OpenAPI document."""

from __future__ import annotations

import re


def test_docs_page_is_public_html_with_local_assets(client):
    page = client.get("/api/notes/v1/docs")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "default-src 'none'" in csp
    body = page.get_data(as_text=True)
    assert 'data-openapi="openapi.json"' in body
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    assert "<script>" not in body  # no inline script: the CSP forbids it
    for source in sources:  # relative to .../v1/docs: .../v1/docs/<asset>
        asset = client.get("/api/notes/v1/" + source)
        assert asset.status_code == 200, source
        assert asset.headers["Cache-Control"] == "public, max-age=86400"
        assert asset.get_data()


def test_swagger_ui_bundle_and_initializer(client):
    bundle = client.get("/api/notes/v1/docs/swagger-ui-bundle.js")
    assert bundle.mimetype == "text/javascript"
    assert b"SwaggerUIBundle" in bundle.get_data()
    init = client.get("/api/notes/v1/docs/crm-docs.js").get_data(as_text=True)
    assert 'getAttribute("data-openapi")' in init


def test_unknown_asset_is_a_problem_404(client):
    for name in ("index.html", "..%2Fpyproject.toml", "swagger-ui.js.map", "LICENSE"):
        answer = client.get(f"/api/notes/v1/docs/{name}")
        assert answer.status_code == 404, name
        assert answer.mimetype == "application/problem+json"


def test_docs_ui_is_not_in_the_document(client):
    doc = client.get("/api/notes/v1/openapi.json").get_json()
    assert not [path for path in doc["paths"] if "/docs" in path]
