"""Steps the browser tests share: what a person does on any page."""

from __future__ import annotations

import re


def sign_in(page, username: str, password: str) -> None:  # noqa: ANN001
    """Sign in on the sign-in page, as a person would, and land on the home page."""
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def fits_the_screen(page) -> bool:  # noqa: ANN001
    """No sideways scrolling of the whole page (wide tables scroll inside their own box).

    Compared with the layout width (clientWidth), not window.innerWidth: on a phone Chromium zooms out
    to show a page wider than the screen, and innerWidth grows with it."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def post_from_the_browser(page, url: str, form: dict[str, str]):  # noqa: ANN001, ANN201
    """A plain form POST with the browser's session and CSRF token, as a crafted request would send it
    (so a 403 is the role's answer, not Django's CSRF guard)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(url, form={**form, "csrfmiddlewaretoken": csrf}, max_redirects=0)
