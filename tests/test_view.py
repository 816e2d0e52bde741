"""The HTML view: self-contained, safe against what articles contain, and working in a real browser."""
from __future__ import annotations

import shutil

import pytest

from conftest import build_store

HOSTILE = ('Jane Smith said "</script><script>document.title=\'pwned\'</script>" at the talks in Geneva.\n'
           "John Brown said the <b>talks</b> & <img src=x onerror=alert(1)> went well.\n")


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory, analyzer):
    return build_store(tmp_path_factory.mktemp("hostile") / "kb.db", analyzer, (HOSTILE, "hostile.txt", None))


@pytest.fixture
def pages(cli, tmp_path, hostile_store):
    db = tmp_path / "kb.db"
    shutil.copy(hostile_store, db)
    page = tmp_path / "view.html"
    assert cli("view", "-o", page, "--db", db).exit_code == 0
    return page


def test_page_is_self_contained_and_escapes_article_text(pages):
    html = pages.read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    data = html.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # nothing in the data can close or open a tag
    assert "pwned" in data  # the text is there, inert


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install newskb[test])")
    return chromium, sync_playwright


def test_view_in_a_real_browser(pages, tmp_path):
    chromium, sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(pages.as_uri())
        assert page.locator("circle").count() >= 10
        assert page.title() == "newskb graph"  # the article's <script> never ran
        page.locator('circle[data-id="person:jens-stoltenberg"]').click()
        panel = page.locator("#panel").inner_text()
        assert "Jens Stoltenberg" in panel and "serious and direct exchange" in panel
        page.locator(".meeting-card", has_text="OSCE").click()
        assert "Zbigniew Rau" in page.locator("#panel").inner_text()
        page.locator('input[data-type="place"]').uncheck()
        assert page.locator("circle").count() < page.locator(".meeting-card").count() + 30
        page.screenshot(path=str(tmp_path / "view.png"))
        browser.close()
    assert not errors
    assert (tmp_path / "view.png").stat().st_size > 10_000
