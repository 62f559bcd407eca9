# -*- coding: utf-8 -*-
"""The built docs site holds each role's README and each example playbook, whole, as pages of their own that the
start page lists and the guides link to (read from the built HTML; test_docs_site.py renders pages in Chromium)."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DOCS_SITE", ROOT / "build" / "docs" / "build" / "html"))
ROLE_READMES = sorted(path.relative_to(ROOT) for path in (ROOT / "roles").glob("*/README.md"))
EXAMPLES = sorted(path.relative_to(ROOT) for path in (ROOT / "docs" / "examples").glob("*.yml"))


@pytest.fixture(scope="module")
def site():
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run make docs first"
    return SITE


def text_of(page: Path) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, whitespace as one space."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def hrefs(page: Path) -> set:
    return set(re.findall(r'href="([^"#]*)', page.read_text(encoding="utf-8")))


def test_there_is_a_role_readme_and_there_are_examples():
    assert Path("roles/seed_users/README.md") in ROLE_READMES and len(EXAMPLES) >= 2


@pytest.mark.parametrize("readme", ROLE_READMES, ids=str)
def test_each_role_readme_is_a_page_listed_on_the_start_page(site, readme):
    page = site / "guides" / readme.with_suffix(".html")
    title = next(line for line in (ROOT / readme).read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert title[2:].strip() in text_of(page)
    assert f"guides/{readme.with_suffix('.html').as_posix()}" in hrefs(site / "index.html")


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_each_example_playbook_is_a_page_with_its_whole_text(site, example):
    page = site / "guides" / example.with_suffix(".html")
    shown = text_of(page)
    # Every line, the header saying how it is run and tested included.
    missing = [line for line in (ROOT / example).read_text(encoding="utf-8").splitlines()
               if line.strip() and " ".join(line.split()) not in shown]
    assert missing == []
    assert f"guides/{example.with_suffix('.html').as_posix()}" in hrefs(site / "index.html")


def test_the_readmes_links_to_the_examples_lead_to_their_pages(site):
    linked = re.findall(r"\]\((docs/examples/[^)]+\.yml)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert linked
    readme_page = hrefs(site / "guides" / "README.html")
    assert all(Path(link).with_suffix(".html").as_posix() in readme_page for link in linked)
