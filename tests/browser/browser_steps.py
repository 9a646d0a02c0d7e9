"""Steps the browser tests share: what a person does on any page."""

from __future__ import annotations

import re
from pathlib import Path


def sign_in(page, username: str, password: str) -> None:
    """Sign in on the sign-in page, as a person would, and land on the home page."""
    page.goto("/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def fits_the_screen(page) -> bool:
    """No sideways scrolling of the whole page (wide tables scroll inside their own box).

    Compared with the layout width (clientWidth), not window.innerWidth: on a phone Chromium zooms out
    to show a page wider than the screen, and innerWidth grows with it."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def post_from_the_browser(page, url: str, form: dict[str, str]):
    """A plain form POST with the browser's session and CSRF token, as a crafted request would send it
    (so a 403 is the role's answer, not Django's CSRF guard)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(url, form={**form, "csrfmiddlewaretoken": csrf}, max_redirects=0)


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
GRAVE = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as it stands; each serious or critical problem as one line: the rule,
    the element (a CSS selector), what is wrong and the rule's help page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert result["testEngine"]["version"] == AXE_VERSION
    found = []
    for rule in result["violations"]:
        if rule["impact"] not in GRAVE:
            continue
        for node in rule["nodes"]:
            found.append(f"{rule['impact']} {rule['id']} at {' '.join(map(str, node['target']))}: "
                         f"{node.get('failureSummary', rule['help']).splitlines()[-1].strip()} ({rule['helpUrl']})")
    return found


def dangling_references(page) -> list[str]:
    """aria-describedby, aria-labelledby and label[for] naming an id no element has (axe lets a field
    that points at a missing help text pass; a screen reader then reads nothing)."""
    return page.evaluate("""() => {
        const missing = [];
        for (const [attr, sel] of [["aria-describedby", "[aria-describedby]"], ["aria-labelledby", "[aria-labelledby]"],
                                   ["for", "label[for]"]]) {
            for (const el of document.querySelectorAll(sel)) {
                for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                    if (!document.getElementById(id)) {
                        missing.push(`${attr}="${id}" of <${el.localName} name="${el.getAttribute("name") || ""}">`);
                    }
                }
            }
        }
        return missing;
    }""")


def checked(page, screenshot, step: str) -> None:
    """A step of a walk: its screenshot, and the page fits the screen and passes axe."""
    screenshot(page, step)
    assert fits_the_screen(page), step
    assert axe_violations(page) == [], step
