"""Playwright driving Debian's chromium against the real server; every request that would leave
127.0.0.1 is aborted and recorded, so a test can assert that none was attempted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@dataclass
class Offsite:
    urls: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield launched
        launched.close()


@pytest.fixture()
def offsite() -> Offsite:
    return Offsite()


@pytest.fixture()
def page(browser: object, offsite: Offsite) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            offsite.urls.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    opened = context.new_page()
    yield opened
    context.close()
