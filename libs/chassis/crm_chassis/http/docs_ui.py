"""Interactive API documentation: Swagger UI for the service's own OpenAPI document.

``GET /api/<service>/v1/docs`` answers a page that renders ``openapi.json`` beside it, with
Swagger UI 5 (OpenAPI 3.1) whose assets the ``flask-swagger-ui`` package ships and this
route serves from the service itself (``/api/<service>/v1/docs/<asset>``): no CDN, so the
page works offline and its Content-Security-Policy allows this origin only (no inline
script: the page's one script of its own is served as a file too).

Both routes are public, like the document, and are not part of the API: they are left out
of the OpenAPI document (the app factory lets routes of the ``crm_docs`` endpoint prefix
through its every-route-is-declared check), so the fuzzer never sees HTML where the
document promises JSON.
"""

from __future__ import annotations

import html
from importlib import resources

from flask import Flask, Response, abort, send_file

from crm_chassis.http.api import Api

ENDPOINT_PREFIX = "crm_docs."
# Assets the page loads; nothing else of the package's folder is served.
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
INIT_SCRIPT = "crm-docs.js"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Swagger UI sets element styles from script; 'unsafe-inline' covers styles only, never code.
_INIT = """\
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    persistAuthorization: false
  });
});
"""
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - API documentation</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui" data-openapi="openapi.json"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/{init}"></script>
</body>
</html>
"""


def _dist() -> resources.abc.Traversable:
    return resources.files("flask_swagger_ui") / "dist"


def install_docs_ui(app: Flask, api: Api) -> None:
    """Serve the documentation page and its assets under ``<api base>/docs``."""
    page = _PAGE.format(title=html.escape(api.title), init=INIT_SCRIPT).encode()

    def docs_page() -> Response:
        response = Response(page, content_type="text/html; charset=utf-8")
        return _harden(response)

    def docs_asset(name: str) -> Response:
        if name == INIT_SCRIPT:
            response = Response(_INIT, content_type="text/javascript; charset=utf-8")
        elif name in ASSETS:
            path = _dist() / name
            with resources.as_file(path) as local:
                response = send_file(local, mimetype=ASSETS[name], max_age=86400)
        else:
            abort(404)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return _harden(response)

    # Relative links: "docs/x.css" from ".../v1/docs" is ".../v1/docs/x.css", through the
    # gateway or straight to the service alike.
    app.add_url_rule(api.base + "/docs", ENDPOINT_PREFIX + "page", docs_page)
    app.add_url_rule(api.base + "/docs/<name>", ENDPOINT_PREFIX + "asset", docs_asset)


def _harden(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
