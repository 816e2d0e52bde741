"""Articles from everywhere a news desk gets them: web pages, RSS and Atom feeds, URLs (a local
server), copies that differ by a space, long articles; and the library's ingest surface."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED, json_of

PAGE = """<!DOCTYPE html>
<html><head><title>Talks in Geneva end without a deal | World News</title>
<meta property="article:published_time" content="2022-01-12T09:30:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a></nav>
<article><h1>Talks in Geneva end without a deal</h1>
<p>GENEVA &ndash; Wendy Sherman, the US deputy secretary of state, said on Monday that the talks with
Russia in Geneva had been &ldquo;frank and forthright&rdquo; but that no deal was in sight.</p>
<p>&ldquo;We were firm in pushing back on security proposals that are simply non-starters,&rdquo; Sherman
told reporters after the meeting at the US mission.</p>
<p>Russian Deputy Foreign Minister Sergei Ryabkov said Moscow saw no reason for optimism and that
the two sides would meet again in Brussels on Wednesday.</p></article>
<footer>&copy; 2022 World News. All rights reserved.</footer></body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World</title><link>http://news.example/</link>
<item><title>Sherman says Geneva talks were frank</title><link>http://news.example/geneva</link>
<pubDate>Mon, 10 Jan 2022 18:00:00 GMT</pubDate>
<description>&lt;p&gt;Wendy Sherman said the talks in Geneva had been &amp;ldquo;frank and forthright&amp;rdquo;.&lt;/p&gt;</description></item>
<item><title>Stoltenberg sees real risk of conflict</title><link>http://news.example/brussels</link>
<pubDate>Wed, 12 Jan 2022 17:00:00 GMT</pubDate>
<description>NATO Secretary General Jens Stoltenberg said after the meeting in Brussels that there was a real risk of new armed conflict in Europe.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Vienna desk</title><id>urn:desk</id><updated>2022-01-13T12:00:00Z</updated>
<entry><title>Rau opens OSCE session</title><id>urn:rau</id><link href="http://news.example/vienna"/>
<updated>2022-01-13T12:00:00Z</updated>
<content type="html">&lt;p&gt;Polish Foreign Minister Zbigniew Rau said in Vienna on Thursday that the risk of war in the OSCE area was greater than ever.&lt;/p&gt;</content></entry>
</feed>
"""


def stored_articles(db):
    from newskb.store import Store

    with Store.open(db, create=False) as store:
        return store.articles()


def test_html_page_is_read_for_its_main_text(cli, tmp_path):
    page = tmp_path / "geneva.html"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "kb.db"
    assert cli("ingest", page, "--db", db).exit_code == 0
    [article] = json_of(cli("articles", "--json", "--db", db))
    assert article["published"] == "2022-01-12" and "Talks in Geneva" in article["title"]
    quotes = json_of(cli("quotes", "--json", "--db", db))
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert direct and direct[0]["speaker"]["name"] == "Wendy Sherman"
    texts = " ".join(q["text"] for q in quotes)
    assert "&ldquo;" not in texts and "frank and forthright" in texts
    assert not any("Home" in q["text"] or "rights reserved" in q["text"] for q in quotes)


@pytest.mark.parametrize("name, feed, expected", [
    ("world.rss", RSS, [("Sherman says Geneva talks were frank", "2022-01-10", "http://news.example/geneva", "Wendy Sherman"),
                        ("Stoltenberg sees real risk of conflict", "2022-01-12", "http://news.example/brussels",
                         "Jens Stoltenberg")]),
    ("vienna.atom", ATOM, [("Rau opens OSCE session", "2022-01-13", "http://news.example/vienna", "Zbigniew Rau")]),
], ids=["rss", "atom"])
def test_each_feed_entry_is_an_article_with_its_link_and_date(cli, tmp_path, name, feed, expected):
    path = tmp_path / name
    path.write_text(feed, encoding="utf-8")
    db = tmp_path / "kb.db"
    assert cli("ingest", path, "--db", db).exit_code == 0
    assert [(a.title, str(a.published), a.url) for a in stored_articles(db)] == [e[:3] for e in expected]
    speakers = {q["speaker"]["name"] for q in json_of(cli("quotes", "--json", "--db", db)) if q["speaker"]}
    assert speakers == {e[3] for e in expected}


@pytest.fixture
def web(monkeypatch):
    """A web server on 127.0.0.1 serving `pages` (path -> (content type, body)) for one test."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    pages: dict[str, tuple[str, bytes]] = {}

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in pages:
                self.send_error(404)
                return
            kind, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_urls_are_fetched_by_content_type(cli, tmp_path, web):
    pages, base = web
    pages["/geneva"] = ("text/html; charset=utf-8", PAGE.encode())
    pages["/feed"] = ("application/rss+xml", RSS.encode())
    pages["/plain"] = ("text/plain; charset=utf-8", SEED.read_bytes())
    db = tmp_path / "kb.db"
    result = cli("ingest", f"{base}/geneva", f"{base}/feed", f"{base}/plain", "--db", db)
    assert result.exit_code == 0, result.output
    articles = stored_articles(db)
    assert [a.path for a in articles] == [f"{base}/geneva", f"{base}/feed:1", f"{base}/feed:2", f"{base}/plain"]
    assert articles[0].url == f"{base}/geneva" and articles[1].url == "http://news.example/geneva"


@pytest.mark.parametrize("path, message", [("/missing", "HTTP 404"), ("/image", "not an article")])
def test_url_failures_are_one_line_before_anything_is_stored(cli, tmp_path, web, path, message):
    pages, base = web
    pages["/geneva"] = ("text/html", PAGE.encode())
    pages["/image"] = ("image/png", b"\x89PNG\r\n\x1a\n")
    db = tmp_path / "kb.db"
    result = cli("ingest", f"{base}/geneva", f"{base}{path}", "--db", db)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not db.exists()


def test_unreachable_url_is_one_line(cli, tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("ingest", f"http://127.0.0.1:{port}/story", "--db", tmp_path / "kb.db")
    assert result.exit_code == 2 and "cannot fetch" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


NEAR = [
    lambda t: t.replace(". ", ".  ", 1),  # one space apart
    lambda t: t.replace("Brussels", "Brussels,", 1),  # a comma
    lambda t: t.replace("said", "says", 1),  # a word of a long article
]


@pytest.mark.parametrize("variant", NEAR, ids=["space", "comma", "word"])
def test_near_identical_articles_give_one_articles_statements(cli, tmp_path, variant):
    text = SEED.read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(variant(text), encoding="utf-8")
    original = tmp_path / "original.txt"
    original.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    result = cli("ingest", original, copy, "--published", "2022-01-12", "--db", db)
    assert result.exit_code == 0 and "copy.txt: a near-duplicate of stored article" in result.stderr
    alone = tmp_path / "alone.db"
    assert cli("ingest", original, "--published", "2022-01-12", "--db", alone).exit_code == 0
    assert json_of(cli("quotes", "--json", "--db", db)) == json_of(cli("quotes", "--json", "--db", alone))
    kept = cli("ingest", copy, "--published", "2022-01-12", "--keep-near-duplicates", "--db", db)
    assert kept.exit_code == 0 and len(json_of(cli("articles", "--json", "--db", db))) == 2


def test_different_articles_are_not_near_duplicates():
    from newskb.nearduplicates import fingerprint

    a = fingerprint("Jane Smith said the talks in Geneva had failed and would not resume this year.")
    b = fingerprint("John Brown said the talks in Vienna had gone well and would resume next week.")
    assert not a.matches(b.signature)


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=5, max_value=60))
def test_paragraph_batches_give_the_text_back(text, limit):
    from newskb.nlp import paragraph_batches

    pieces = paragraph_batches(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces) and all(pieces[:-1])


def test_a_long_article_is_parsed_in_batches_with_the_same_statements(analyzer, monkeypatch):
    from newskb import nlp
    from newskb.textio import RawArticle

    text = SEED.read_text(encoding="utf-8")
    raw = RawArticle(text=text, path=None, published="2022-01-12")
    whole = analyzer.analyse(raw)
    monkeypatch.setattr(nlp, "BATCH_CHARS", 600)
    assert len(nlp.paragraph_batches(text)) > 5
    batched = analyzer.analyse(raw)
    statements = [(n.start, n.end, n.text) for n in batched.nodes if n.type == "statement"]
    assert all(text[start:end] == said for start, end, said in statements)
    assert statements == [(n.start, n.end, n.text) for n in whole.nodes if n.type == "statement"]


def test_the_library_ingests_paths_lists_and_text(tmp_path, analyzer):
    from newskb.errors import InputError
    from newskb.kb import KnowledgeBase

    second = tmp_path / "second.txt"
    second.write_text("John Brown said the talks in Vienna would go on.\n", encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        [one] = kb.ingest(str(SEED), analyzer=analyzer)
        both = kb.ingest([SEED, second], analyzer=analyzer)
        [text] = kb.ingest(text="Jane Smith said the talks in Geneva had failed.", published="2022-01-13",
                           title="Geneva", analyzer=analyzer)
        with pytest.raises(InputError, match="nowhere.txt"):
            kb.ingest([second, tmp_path / "nowhere.txt"], analyzer=analyzer)
        titles = [a.title for a in kb.articles()]
    assert one.added and [r.added for r in both] == [False, True] and text.added
    assert titles[-1] == "Geneva" and len(titles) == 3
