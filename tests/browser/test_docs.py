"""The API docs (Swagger UI at /docs, ReDoc at /redoc) render offline: their assets come
from the app (fastapi-offline, under /static/docs/), never from a CDN."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_page import shot

pytestmark = pytest.mark.browser


def requested(page: Any) -> list[str]:
    """Every request the page sent (the `page` fixture blocks and records the others); one that
    the page's Content-Security-Policy stopped before it was sent is not among them."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))

    def failed(r: Any) -> None:
        if r.failure == "csp":
            urls.remove(r.url)

    page.on("requestfailed", failed)
    return urls


@pytest.mark.browser
def test_swagger_ui_renders_offline(page: Any, base_url: str) -> None:
    urls = requested(page)
    page.goto(base_url + "/docs")
    search = ".opblock.opblock-get .opblock-summary-path[data-path='/api/search']"
    page.wait_for_selector(search, timeout=20000)
    assert page.locator(".opblock").count() >= 10
    assert page.locator(".opblock-summary-path[data-path='/api/vocabulary']").count() == 1
    assert any("/static/docs/swagger-ui-bundle.js" in u for u in urls)
    assert any(u.endswith("/openapi.json") for u in urls)
    shot(page, "docs-swagger")
    assert page.outside == [], f"requests left 127.0.0.1: {page.outside}"
    assert all(u.startswith((base_url, "data:")) for u in urls), urls


@pytest.mark.browser
def test_redoc_renders_offline(page: Any, base_url: str) -> None:
    urls = requested(page)
    page.goto(base_url + "/redoc")
    # ReDoc's side menu: one item per tag, opening to one item per operation.
    page.locator("[role=menuitem][aria-label=search]").click(timeout=20000)
    item = page.locator("[role=menuitem][aria-label='Read Search']")
    item.wait_for(timeout=5000)
    assert item.locator(".operation-type.get").inner_text().lower() == "get"
    assert page.locator("[role=menuitem] .operation-type.get").count() >= 10
    assert page.locator("h2", has_text="Read Search").count() >= 1
    assert any("/static/docs/redoc.standalone.js" in u for u in urls)
    shot(page, "docs-redoc")
    assert page.outside == [], f"requests left 127.0.0.1: {page.outside}"
    assert all(u.startswith((base_url, "data:", "blob:")) for u in urls), urls
