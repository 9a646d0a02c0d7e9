"""The API's interactive docs in a browser cut off from the internet: the operations are listed."""

from __future__ import annotations


def test_the_api_docs_list_the_operations_with_every_other_host_blocked(desktop, live_server, screenshot):
    blocked: list[str] = []

    def only_lotline(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    desktop.route("**/*", only_lotline)
    desktop.goto("/api/docs")
    desktop.locator(".opblock").first.wait_for()
    assert desktop.get_by_text("/api/recall", exact=True).first.is_visible()
    assert desktop.locator(".opblock").count() > 20
    assert blocked == []
    screenshot(desktop, "api-docs")
