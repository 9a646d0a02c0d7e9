"""/api/docs works offline: Swagger UI comes from Lotline's own static files, never from a CDN."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import call_command
from django.test import Client, override_settings

SWAGGER_FILES = ["ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"]


def _references(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', page)


def test_the_api_docs_page_references_no_other_host() -> None:
    page = Client().get("/api/docs").content.decode()
    found = _references(page)
    assert {f"/static/{name}" for name in SWAGGER_FILES} <= set(found)
    assert [url for url in found if "//" in url] == []
    assert '"validatorUrl": null' in page  # no badge fetched from validator.swagger.io


def test_collectstatic_gathers_swagger_ui_and_whitenoise_serves_it(tmp_path: Path) -> None:
    """What `make run` does: collectstatic, then gunicorn with WhiteNoise serving the files."""
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
        for name in SWAGGER_FILES:
            assert (tmp_path / name).is_file(), name
        response = Client().get("/static/ninja/swagger-ui-bundle.js")  # a new client: WhiteNoise reads STATIC_ROOT
        assert response.status_code == 200
        assert b"SwaggerUIBundle" in response.getvalue()
