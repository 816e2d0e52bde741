#!/usr/bin/env python3
"""Render the HTML view of a store in headless Chromium and save a screenshot (for the README).

    .venv/bin/python scripts/screenshot.py docs/view-seed.png --db data/newskb.db --select "Jens Stoltenberg"

Prints how long the page took to lay the graph out in the browser.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def open_page(browser, path: Path, width: int = 1500, height: int = 900):
    """The view loaded and laid out; page errors collected on `page.errors`."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.newskbReady === true", timeout=120_000)
    return page


def select(page, name: str) -> None:
    """Find a node as a user does: type its name in the search box, take the first match."""
    page.fill("#search", name)
    page.locator("#matches div").first.click()
    page.wait_for_timeout(400)  # the centring animation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--db", default="data/newskb.db")
    parser.add_argument("--select", help="a name to find and select first")
    parser.add_argument("--show", nargs="*", default=[], help="types to show besides meetings and people")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "view.html"
        newskb = Path(sys.executable).with_name("newskb")
        subprocess.run([str(newskb), "view", "-o", str(page_path), "--db", args.db], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            started = time.perf_counter()
            page = open_page(browser, page_path)
            loaded = time.perf_counter() - started
            for kind in args.show:
                page.locator(f'input[data-type="{kind}"]').check()
            if args.select:
                select(page, args.select)
            page.screenshot(path=str(args.output))
            print(f"{args.output}: loaded and laid out in {loaded:.1f} s "
                  f"(layout {page.evaluate('window.newskbLayoutMs')} ms); {page.locator('#status').inner_text()}")
            if page.errors:
                sys.exit(f"page errors: {page.errors}")
            browser.close()


if __name__ == "__main__":
    main()
