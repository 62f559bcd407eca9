# -*- coding: utf-8 -*-
"""The built docs site, as a reader's browser shows it: every module, role and guide renders,
and no link inside the site is broken.

Run by `make docs-test` after `make docs`. Pages are opened in headless Chromium (Debian's
``chromium``), which writes the DOM after the page's scripts ran and a screenshot of each page
into build/docs-screenshots/. The link check reads every HTML file of the site.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DOCS_SITE", ROOT / "build" / "docs" / "build" / "html"))
SCREENSHOTS = Path(os.environ.get("DOCS_SCREENSHOTS", ROOT / "build" / "docs-screenshots"))
COLLECTION_PAGES = SITE / "collections" / "cognito" / "user_pool"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1400",
]

MODULES = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
ROLES = sorted(path.parent.parent.name for path in (ROOT / "roles").glob("*/meta/argument_specs.yml"))


def _shipped_guides() -> list:
    """README.md, docs/*.md, less what galaxy.yml's build_ignore keeps out of the tarball, and each role's README."""
    ignored = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8")).get("build_ignore") or []
    guides = [path.relative_to(ROOT).as_posix() for path in (ROOT / "docs").glob("*.md")]
    roles = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "roles").glob("*/README.md"))
    return ["README.md"] + sorted(guide for guide in guides if not any(fnmatch.fnmatch(guide, pattern) for pattern in ignored)) \
        + roles


GUIDES = _shipped_guides()


class Browser:
    """Headless Chromium, one fresh process and profile per page."""

    def __init__(self, executable: str, profiles: Path):
        self.executable = executable
        self.profiles = profiles
        self.pages: dict = {}

    def open(self, page: Path) -> str:
        """The page's DOM after load; a screenshot of it is saved on the way."""
        if page not in self.pages:
            name = page.relative_to(SITE).with_suffix("").as_posix().replace("/", "__")
            screenshot = SCREENSHOTS / f"{name}.png"
            profile = Path(tempfile.mkdtemp(prefix="profile-", dir=self.profiles))
            command = [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={screenshot}",
                       "--dump-dom", page.as_uri()]
            result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
            assert result.returncode == 0, f"chromium failed on {page}:\n{result.stderr[-2000:]}"
            assert screenshot.is_file() and screenshot.stat().st_size > 0, f"no screenshot of {page}"
            print(f"screenshot: {screenshot}")
            self.pages[page] = result.stdout
        return self.pages[page]


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert executable, "chromium is not installed: make docs-test installs Debian's chromium package"
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run make docs first"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Browser(executable, tmp_path_factory.mktemp("chromium"))


class _Elements(HTMLParser):
    """Every element's attributes, and every id or name an anchor can point at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list = []
        self.anchors: set = set()
        self.text: list = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        for key in ("id", "name"):
            if attributes.get(key):
                self.anchors.add(attributes[key])

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _documented_options(module: str) -> list:
    source = (ROOT / "plugins" / "modules" / f"{module}.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return sorted((yaml.safe_load(node.value.value).get("options") or {}).keys())
    raise AssertionError(f"{module} has no DOCUMENTATION")


def _option_table(dom: _Elements) -> dict:
    tables = [attrs for tag, attrs in dom.elements if tag == "table" and "ansible-option-table" in attrs.get("class", "")]
    assert tables, "no options table (table.ansible-option-table) in the page"
    return tables[0]


@pytest.mark.parametrize("module", MODULES)
def test_module_page_renders_with_its_options_table(browser, module):
    dom = _parse(browser.open(COLLECTION_PAGES / f"{module}_module.html"))
    options = _documented_options(module)
    if options:  # seed_users_plan takes none: it reads the role's variables, and its page has no parameters table
        _option_table(dom)
    text = " ".join(dom.text)
    assert f"cognito.user_pool.{module} module" in text
    for option in options:
        assert f"parameter-{option}" in dom.anchors, f"option {option} of {module} is not in its options table"
    for section in ("synopsis",) + (("parameters",) if options else ()) + ("examples", "return-values"):
        assert section in dom.anchors, f"{module} page has no {section} section"


@pytest.mark.parametrize("role", ROLES)
def test_role_page_renders_every_entry_point_with_its_options(browser, role):
    dom = _parse(browser.open(COLLECTION_PAGES / f"{role}_role.html"))
    _option_table(dom)
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    for entry_point, spec in specs["argument_specs"].items():
        for option in (spec.get("options") or {}):
            assert f"parameter-{entry_point}--{option}" in dom.anchors, f"{role}: {entry_point}/{option} missing"


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_page_renders(browser, guide):
    html = browser.open(SITE / "guides" / Path(guide).with_suffix(".html"))
    dom = _parse(html)
    title = next(line for line in (ROOT / guide).read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    assert any(tag == "h1" for tag, _attrs in dom.elements)
    assert title[2:].strip() in " ".join(dom.text)


def test_status_diagram_is_shown_in_its_guide(browser):
    dom = _parse(browser.open(SITE / "guides" / "docs" / "user_status.html"))
    images = [attrs["src"] for tag, attrs in dom.elements if tag == "img" and attrs.get("src", "").endswith("user_status.svg")]
    assert images, "the status diagram is not on the user status page"


def test_index_pages_link_every_guide_module_and_role(browser):
    dom = _parse(browser.open(SITE / "index.html"))
    hrefs = {attrs.get("href", "") for tag, attrs in dom.elements if tag == "a"}
    for guide in GUIDES:
        assert f"guides/{Path(guide).with_suffix('.html').as_posix()}" in hrefs
    plugin_index = _parse((COLLECTION_PAGES / "index.html").read_text(encoding="utf-8"))
    index_pages = {attrs.get("href", "").split("#")[0] for tag, attrs in plugin_index.elements if tag == "a"}
    for page in [f"{module}_module.html" for module in MODULES] + [f"{role}_role.html" for role in ROLES]:
        assert page in index_pages, f"the collection's index page does not link {page}"


def test_no_internal_link_is_broken():
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > len(MODULES) + len(GUIDES)
    anchors = {}
    links = []
    for page in pages:
        dom = _parse(page.read_text(encoding="utf-8"))
        anchors[page.resolve()] = dom.anchors
        for tag, attrs in dom.elements:
            for attribute in ("href", "src"):
                if attrs.get(attribute) is not None and tag in ("a", "link", "script", "img", "source", "iframe"):
                    links.append((page, tag, attrs[attribute]))
    broken = []
    checked = 0
    for page, tag, link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("//"):
            continue  # external: not part of the site
        checked += 1
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or SITE.resolve() not in target.parents:
            broken.append(f"{page.relative_to(SITE)}: <{tag}> {link} (no file {target})")
            continue
        if parts.fragment and target.suffix == ".html":
            if target not in anchors:
                anchors[target] = _parse(target.read_text(encoding="utf-8")).anchors
            if unquote(parts.fragment) not in anchors[target]:
                broken.append(f"{page.relative_to(SITE)}: <{tag}> {link} (no anchor #{parts.fragment})")
    print(f"checked {checked} internal links in {len(pages)} pages")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    assert checked > 100


def test_guide_links_that_leave_the_site_point_at_existing_repository_files():
    base = re.search(r"^repository:\s*(\S+)", (ROOT / "galaxy.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    missing = []
    for page in sorted((SITE / "guides").rglob("*.html")):
        for tag, attrs in _parse(page.read_text(encoding="utf-8")).elements:
            href = attrs.get("href", "") if tag == "a" else ""
            match = re.match(re.escape(base) + r"/(?:blob|tree)/main/([^#]+)", href)
            if match and not (ROOT / match.group(1)).exists():
                missing.append(f"{page.relative_to(SITE)}: {href}")
    assert not missing, "links to repository files that do not exist:\n" + "\n".join(missing)
