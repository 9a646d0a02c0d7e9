"""gunicorn started the way `make run` starts it (its settings in lotline/gunicorn_conf.py) passes a
10,000-character search through to Lotline, which answers with its own page, not gunicorn's bare
"URI Too Long"."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MAKEFILE = Path(__file__).resolve().parents[1] / "Makefile"


def test_make_run_starts_gunicorn_with_lotlines_settings() -> None:
    assert "gunicorn -c python:lotline.gunicorn_conf lotline.wsgi" in MAKEFILE.read_text()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[int]:
    """gunicorn with Lotline's settings on a free port (port 0: the system picks one; gunicorn says which)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"LOTLINE_DATA_DIR": str(tmp_path), "LOTLINE_SECRET_KEY": "x" * 50}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:lotline.gunicorn_conf",
                               "--bind", "127.0.0.1:0", "--workers", "1", "lotline.wsgi"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = server.stderr.readline()
            if not line:
                break
            if found := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line):
                port = int(found.group(1))
        assert port, "gunicorn did not start"
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def test_a_10000_character_search_gets_lotlines_own_page_through_gunicorn(gunicorn: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=30)
    connection.request("GET", "/?q=" + "X" * 10_000)
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    assert response.status == 414
    assert "<title>This address is too long · Lotline</title>" in page and "10,003 characters" in page
