"""The browser tests' shared fixtures: the app on the sample data (with hostile names), one
Chromium, and a page whose every request off 127.0.0.1 is blocked and recorded."""

from __future__ import annotations

from tests.browser.test_page import base_url, browser, page

__all__ = ["base_url", "browser", "page"]
