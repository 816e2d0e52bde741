"""The HTML view: self-contained, safe against what articles contain, and working in a real browser
on the seed, on a synthetic archive of 1,000 articles, and (with NEWSKB_SLOW_TESTS=1, as CI runs
it) on the 84 PolNeAR articles and 1,000 Reuters articles."""
from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser

import pytest

import synthetic
from conftest import SHARED, build_store

HOSTILE = ('Jane Smith said "</script><script>document.title=\'pwned\'</script>" at the talks in Geneva.\n'
           "John Brown said the <b>talks</b> & <img src=x onerror=alert(1)> went well.\n")
SLOW = pytest.mark.skipif(not os.environ.get("NEWSKB_SLOW_TESTS"), reason="set NEWSKB_SLOW_TESTS=1 (CI does)")


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory, analyzer):
    return build_store(tmp_path_factory.mktemp("hostile") / "kb.db", analyzer, (HOSTILE, "hostile.txt", None))


def view(cli, db, tmp_path, *options) -> str:
    page = tmp_path / "view.html"
    result = cli("view", "-o", page, "--db", db, *options)
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture
def seed_page(cli, tmp_path, hostile_store):
    db = tmp_path / "kb.db"
    shutil.copy(hostile_store, db)
    return view(cli, db, tmp_path)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_is_self_contained_and_escapes_article_text(seed_page):
    html = seed_page.read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(html)
    policy = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "connect-src" not in policy
    assert not [t for t, a in tags.tags if t in ("link", "iframe", "img", "object", "embed") or "src" in a]
    data = html.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # nothing in the data can close or open a tag
    assert "pwned" in json.loads(data)["statements"][-2]["text"] or "pwned" in data  # the text is there, inert


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install newskb[test])")
    return chromium, sync_playwright


@pytest.fixture
def browser():
    chromium, sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def open_view(browser, path):
    page = browser.new_page(viewport={"width": 1500, "height": 900})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.newskbReady === true", timeout=180_000)
    return page


def visible(page, selector: str = "") -> int:
    """Nodes the filters let through (and that match the selector)."""
    return page.evaluate(f"cy.nodes({json.dumps(selector)}).not('.hidden').length" if selector else
                         "cy.nodes().not('.hidden').length")


def find(page, name: str) -> None:
    """Find a node by name as a user does, and select the first match."""
    page.fill("#search", name)
    page.locator("#matches div").first.click()


def exercise(page, tmp_path, name: str, late_day: str) -> None:
    """What an analyst does: find someone, read what they said with date and article, open a meeting
    from the chronology, narrow by type, date and article."""
    assert page.title() == "newskb graph" and not page.errors  # no article's <script> ran
    everything = visible(page)
    assert everything >= 10
    find(page, name)
    panel = page.locator("#panel").inner_text()
    assert name in panel and "Statements (" in panel
    assert page.locator("#panel .statement .meta").count() > 0  # each statement with its date and article
    page.locator(".meeting").first.click()
    assert "meeting" in page.locator("#panel .meta").first.inner_text()
    page.locator('input[data-type="place"]').uncheck()
    assert visible(page, '[type = "place"]') == 0
    page.locator('input[data-type="place"]').check()
    meetings = page.locator(".meeting").count()
    page.fill("#since", late_day)
    page.dispatch_event("#since", "change")
    assert visible(page) < everything and page.locator(".meeting").count() < meetings
    page.fill("#since", "")
    page.dispatch_event("#since", "change")
    page.select_option("#article", index=1)
    assert visible(page) < everything
    page.screenshot(path=str(tmp_path / "view.png"))
    assert not page.errors
    assert (tmp_path / "view.png").stat().st_size > 10_000


def test_view_of_the_seed(browser, seed_page, tmp_path):
    page = open_view(browser, seed_page)
    exercise(page, tmp_path, "Jens Stoltenberg", "2022-01-13")
    find(page, "Jens Stoltenberg")
    assert "serious and direct exchange" in page.locator("#panel").inner_text()
    assert page.evaluate("cy.$(':selected').data('label')") == "Jens Stoltenberg"


@pytest.fixture(scope="session")
def archive_store(tmp_path_factory):
    from typer.testing import CliRunner

    from newskb.cli import app

    folder = tmp_path_factory.mktemp("archive")
    (folder / "archive.json").write_text(json.dumps(synthetic.archive(1000)), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(folder / "archive.json"), "--db", str(folder / "kb.db")])
    assert result.exit_code == 0, result.output
    return folder / "kb.db"


def test_view_of_a_thousand_articles(browser, cli, archive_store, tmp_path):
    page = open_view(browser, view(cli, archive_store, tmp_path))
    assert page.evaluate("data.articles.length") == 1000
    exercise(page, tmp_path, "Anna Abel", "2022-03-01")


def test_view_of_a_selection(cli, archive_store, tmp_path):
    whole = json.loads(_data(view(cli, archive_store, tmp_path)))
    part = json.loads(_data(view(cli, archive_store, tmp_path, "--since", "2022-03-01", "--until", "2022-03-07")))
    near = json.loads(_data(view(cli, archive_store, tmp_path, "--around", "Anna Abel", "--depth", "1")))
    assert len(part["articles"]) < len(whole["articles"]) and len(part["nodes"]) < len(whole["nodes"])
    assert {a["published"] for a in part["articles"]} <= {f"2022-03-0{d}" for d in range(1, 8)}
    assert "person:anna-abel" in {n["id"] for n in near["nodes"]} and len(near["nodes"]) < len(whole["nodes"])


def _data(page) -> str:
    return page.read_text(encoding="utf-8").split('id="data">', 1)[1].split("</script>", 1)[0]


@SLOW
@pytest.mark.skipif(not (SHARED / "polnear").exists(), reason="PolNeAR is not here")
def test_view_of_polnear_dev(browser, cli, tmp_path):
    db = tmp_path / "kb.db"
    assert cli("ingest", SHARED / "polnear" / "dev" / "text", "--dates-from", SHARED / "polnear" / "metadata.tsv",
               "--db", db).exit_code == 0
    page = open_view(browser, view(cli, db, tmp_path))
    exercise(page, tmp_path, "Hillary Clinton", "2016-11-01")


@SLOW
@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="the Reuters corpus is not here")
def test_view_of_a_thousand_reuters_articles(browser, cli, tmp_path):
    lines = (SHARED / "corpus" / "reuters-21578.jsonl").read_text(encoding="utf-8").splitlines()[:1000]
    parts = []
    for start in range(0, 1000, 250):
        part = tmp_path / f"part{start}.jsonl"
        part.write_text("\n".join(lines[start:start + 250]) + "\n", encoding="utf-8")
        parts.append(part)
    db = tmp_path / "kb.db"
    assert cli("ingest", *parts, "--db", db).exit_code == 0
    page = open_view(browser, view(cli, db, tmp_path))
    exercise(page, tmp_path, "Dilson Funaro", "1987-03-02")
