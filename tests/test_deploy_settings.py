"""Serving over HTTPS (LOTLINE_HTTPS=1): Django's deployment check is clean, cookies are Secure,
browsers are told to use HTTPS only (HSTS), plain HTTP is redirected, and behind a reverse proxy
(LOTLINE_BEHIND_PROXY=1) the proxy's X-Forwarded-Proto says whether a request was HTTPS.

Settings are read from the environment when Django starts, so each case runs in a fresh process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

CHECK = """
import django
django.setup()
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
"""

REQUESTS = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/login/")
secure = client.get("/login/", secure=True)
proxied = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security", ""), secure.cookies["csrftoken"]["secure"]],
    "proxied": proxied.status_code,
}))
"""


def run(script: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment |= {"DJANGO_SETTINGS_MODULE": "lotline.settings", "LOTLINE_DATA_DIR": str(tmp_path),
                    "LOTLINE_SECRET_KEY": secrets.token_urlsafe(50),
                    "LOTLINE_ALLOWED_HOSTS": "lots.bakery.example,testserver", **env}
    return subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False)


def test_the_deployment_check_is_clean_over_https(tmp_path: Path) -> None:
    done = run(CHECK, tmp_path, LOTLINE_HTTPS="1")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_deployment_check_is_clean_with_preload_asked_for(tmp_path: Path) -> None:
    done = run(CHECK, tmp_path, LOTLINE_HTTPS="1", LOTLINE_HSTS_PRELOAD="1")
    assert done.returncode == 0, done.stderr


def test_without_https_the_deployment_check_names_what_is_missing(tmp_path: Path) -> None:
    done = run(CHECK, tmp_path)
    assert done.returncode != 0
    assert all(code in done.stderr for code in ("security.W004", "security.W008", "security.W012", "security.W016"))


def test_over_https_plain_http_is_redirected_and_browsers_told_to_stay_on_https(tmp_path: Path) -> None:
    done = run(REQUESTS, tmp_path, LOTLINE_HTTPS="1")
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.splitlines()[-1])
    assert answers["plain"] == [301, "https://testserver/login/"]
    assert answers["secure"] == [200, "max-age=31536000; includeSubDomains", True]
    assert answers["proxied"] == 301  # a client's own X-Forwarded-Proto is not believed without a proxy


def test_behind_a_proxy_its_x_forwarded_proto_counts(tmp_path: Path) -> None:
    done = run(REQUESTS, tmp_path, LOTLINE_HTTPS="1", LOTLINE_BEHIND_PROXY="1", LOTLINE_HSTS_SECONDS="3600")
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.splitlines()[-1])
    assert answers["proxied"] == 200 and answers["secure"][1] == "max-age=3600; includeSubDomains"


def test_make_run_serves_plain_http_as_before() -> None:
    assert not settings.SESSION_COOKIE_SECURE and not settings.SECURE_SSL_REDIRECT and not settings.SECURE_HSTS_SECONDS
