"""End-to-end tests of the dashboard in headless Debian Chromium, driven by Playwright.

The server runs in a thread on a free 127.0.0.1 port over a hand-built store (plus one article posted through the
API whose text carries script tags and HTML). Screenshots go to test-artifacts/ (git-ignored). The browser is
Debian's /usr/bin/chromium (``make test`` installs it when run as root); without it these tests are skipped.
"""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .analysis_store import build_alert_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "web-test-token-0123456789"
HOSTILE = ("Russia attacked Ukraine on Monday, the Ukrainian army said. <script>window.__pwned = 1; alert(1)</script> "
           "<img src=x onerror=\"window.__pwned = 2\"> <b>bold</b> <a href=\"javascript:window.__pwned=3\">link</a>")
HOSTILE_TITLE = "<img src=x onerror=window.__pwned=4>Hostile title"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: install Debian's chromium "
                                                    "(make test does it when run as root: apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (dev extra)")
expect = sync_api.expect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Iterator[dict[str, Any]]:
    import uvicorn

    from brinkwatch.api import create_app

    path = build_alert_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    app = create_app(path, token=TOKEN, pipeline=pipeline)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    request = urllib.request.Request(
        f"{base}/api/articles", method="POST",
        data=json.dumps({"text": HOSTILE, "title": HOSTILE_TITLE, "date": "2024-06-29", "source": "Hostile Wire",
                         "url": "https://example.org/hostile"}).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # loopback only
        written = json.loads(response.read())
    assert written["status"] == "coded" and written["events"] >= 1
    yield {"base": base, "hostile": written}
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[dict[str, Any]]:
    ARTIFACTS.mkdir(exist_ok=True)
    seen: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory(prefix="bw-chromium-") as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, viewport={"width": 1280, "height": 900},
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        context.set_default_timeout(15_000)
        context.on("request", lambda r: seen["requests"].append(r.url))
        page = context.new_page()
        page.on("pageerror", lambda e: seen["errors"].append(f"pageerror: {e}"))
        page.on("console", lambda m: seen["errors"].append(f"console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        yield {"page": page, "base": server["base"], "seen": seen, "hostile": server["hostile"]}
        context.close()
    assert not seen["errors"], seen["errors"]
    foreign = [u for u in seen["requests"] if not u.startswith((server["base"], "data:"))]
    assert not foreign, f"the dashboard requested something from elsewhere: {foreign}"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_web_overview_alert_click_through_to_evidence_and_article(browser: dict[str, Any]) -> None:
    page, base = browser["page"], browser["base"]
    page.goto(f"{base}/")
    link = page.locator('a.alert-link[data-alert-id="dyad:RUS>UKR:2024-06-30"]')
    link.wait_for()
    expect(page.locator("#stats .stat")).to_have_count(6)
    page.locator("#rising tbody tr").first.wait_for()
    assert "RUS" in page.locator("#rising tbody tr").first.inner_text()
    page.locator("#latest .cluster").first.wait_for()
    page.locator("#ties tbody tr").first.wait_for()
    _shot(page, "overview")

    link.click()
    page.wait_for_url("**/dyad?**")
    evidence = page.locator("#alert-evidence li")
    evidence.first.wait_for()
    texts = evidence.locator("blockquote").all_inner_texts()
    # 6 surge events (one corroborated by a second outlet) and the hostile article posted through the API
    assert len(texts) == 8 and sum("Russian forces escalated" in t for t in texts) == 6
    assert "A second outlet reported the Russian attack on Ukraine." in texts
    assert any(t.startswith("Russia attacked Ukraine on Monday") for t in texts)
    page.locator("#series svg.chart g.bar").first.wait_for()
    assert page.locator("#series svg.chart rect.highlight").count() == 1  # the alert window, shaded
    assert page.locator("#series svg.chart g.bar").count() == 9  # the 9 weeks with RUS -> UKR events
    page.locator(".events-card .cluster").first.wait_for()
    _shot(page, "dyad-alert")

    first = evidence.first
    event_id = first.get_attribute("data-event-id")
    first.locator("a.article-link").click()
    page.wait_for_url("**/article?**")
    mark = page.locator("#article-text mark.focus")
    mark.wait_for()
    assert event_id in (mark.get_attribute("data-events") or "").split()
    assert page.locator("#article-text mark").count() >= 1
    _shot(page, "article")


def test_web_actor_search_and_dyad_pages(browser: dict[str, Any]) -> None:
    page, base = browser["page"], browser["base"]
    page.goto(f"{base}/actor?code=UKR&alert=country:UKR:2024-06-30")
    page.locator("#pressure svg.chart").wait_for()
    page.locator("#alerts details[open] .evidence").first.wait_for()
    assert "Russia" in page.locator("#pressure table").inner_text()
    page.locator("#events .cluster").first.wait_for()
    _shot(page, "actor")

    page.goto(f"{base}/search?root=19&dyad=ISR,PSE")
    page.locator("#results .cluster").first.wait_for()
    expect(page.locator("#results .cluster")).to_have_count(13)  # ISR -> PSE fought once a week for 13 weeks
    page.locator("#search-form select[name=mode]").select_option("events")
    page.locator("#search-form button[type=submit]").click()
    page.wait_for_url("**mode=events**")
    page.locator("#results .event").first.wait_for()
    _shot(page, "search")

    page.goto(f"{base}/dyad?a=USA&b=DEU&interval=month")
    page.locator("#series svg.chart g.bar").first.wait_for()
    page.locator(".events-card").nth(1).locator(".cluster").first.wait_for()  # both directions
    expect(page.locator(".events-card")).to_have_count(2)
    page.locator("#dyad-controls select[name=interval]").select_option("week")
    page.locator("#dyad-controls button[type=submit]").click()
    page.wait_for_url("**interval=week**")
    page.locator("#series svg.chart g.bar").first.wait_for()
    _shot(page, "dyad-cooperation")


def test_web_untrusted_article_text_is_shown_as_text_and_never_runs(browser: dict[str, Any]) -> None:
    page, base, hostile = browser["page"], browser["base"], browser["hostile"]
    page.goto(f"{base}{hostile['page']}")
    text = page.locator("#article-text")
    text.wait_for()
    page.locator("#events .event").first.wait_for()
    shown = text.inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown
    assert '<img src=x onerror="window.__pwned = 2">' in shown
    assert page.locator("#article-title").inner_text() == HOSTILE_TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#article-text script, #article-text img, #article-text a, #article-title img").count() == 0
    assert page.locator("script").count() == 1  # only the page's own module
    assert page.locator("#article-text mark").count() >= 1  # the coded event is highlighted
    # the same text through the search results and the overview
    page.goto(f"{base}/search?text=Ukrainian+army&mode=events")
    page.locator("#results .event").first.wait_for()
    assert "Hostile title" in page.locator("#results").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not browser["seen"]["dialogs"]
    page.goto(f"{base}{hostile['page']}")
    page.locator("#article-text mark").first.wait_for()
    _shot(page, "hostile-article")
