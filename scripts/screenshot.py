#!/usr/bin/env python3
"""Render the HTML view of a store in headless Chromium and save a screenshot (for the README).

    .venv/bin/python scripts/screenshot.py --db data/newskb.db --click person:jens-stoltenberg docs/view.png
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--db", default="data/newskb.db")
    parser.add_argument("--click", help="the id of a node to select first")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "view.html"
        newskb = Path(sys.executable).with_name("newskb")
        subprocess.run([str(newskb), "view", "-o", str(page_path), "--db", args.db], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(page_path.as_uri())
            if args.click:
                page.locator(f'circle[data-id="{args.click}"]').click()
            page.screenshot(path=str(args.output))
            browser.close()


if __name__ == "__main__":
    main()
