"""The API's OpenAPI document as committed in docs/openapi.json.

Run `python -m lotline.api.openapi > docs/openapi.json` (or `make docs`); tests/test_openapi.py fails
when the document served at /api/openapi.json differs from the committed one, so partners read what
the server really does.
"""

from __future__ import annotations

import json
import os


def render() -> str:
    """The document /api/openapi.json serves, as sorted, indented JSON (stable line diffs)."""
    from .main import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    print(render(), end="")
