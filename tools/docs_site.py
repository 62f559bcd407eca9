#!/usr/bin/env python
"""Build the collection's HTML docs site: antsibull-docs + Sphinx, guides from Markdown.

Usage::

    docs_site.py DEST_DIR

with antsibull-docs, Sphinx, myst-parser and ansible-core on PATH (``.venv/docs``) and
ANSIBLE_COLLECTIONS_PATH naming a tree that has amazon.aws and this collection. It

1. runs ``antsibull-docs sphinx-init --use-current`` into DEST_DIR (a fresh directory),
2. adds to the generated ``conf.py`` what this site needs: Markdown through myst-parser, and an
   offline build (no intersphinx inventories to download),
3. copies the guides into ``DEST_DIR/rst/guides``: README.md (overview and quick start), each role's
   README.md, and every Markdown file and picture under docs/ that the collection ships (galaxy.yml's
   ``build_ignore`` keeps contributors' documents such as docs/testing.md out), at their paths in the
   repository, so that relative links between them work unchanged; each example playbook
   (docs/examples/*.yml) gets a page of its own beside it, its whole text, header included, and links
   to it lead there; a link to any other file of the repository becomes a link to that file in the
   repository (galaxy.yml ``repository``). The repository stays the only source of each guide,
4. adds a "Guides" table of contents to the generated start page,
5. runs the generated ``build.sh``: antsibull-docs renders every module, plugin and role (roles
   from ``meta/argument_specs.yml``), then ``sphinx-build -W`` fails on any warning.

The site is DEST_DIR/build/html/index.html.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GUIDES = "guides"
PICTURES = (".svg", ".png", ".jpg", ".gif")

CONF_ADDITION = r'''

# ---- added by tools/docs_site.py (cognito.user_pool) ----
project = 'cognito.user_pool'
title = 'cognito.user_pool collection documentation'
html_short_title = 'cognito.user_pool'
# The guides are Markdown (docs/*.md, README.md); headings get anchors so that links such as
# iam.md#some-heading resolve.
extensions.append('myst_parser')
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 3
# The site is built without network access, so no intersphinx inventory is downloaded. What
# intersphinx would resolve online, links to other collections' plugins (M(amazon.aws.ec2) and the
# like) and the ansible-core documentation labels antsibull-docs uses, is pointed at the Ansible
# documentation here. Unresolved references to this collection's own pages still fail the build.
intersphinx_mapping = {}
_ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/latest/'
_ANSIBLE_CORE_LABELS = {
    'common_return_values': 'reference_appendices/common_return_values.html',
    'ansible_configuration_settings': 'reference_appendices/config.html',
    'action_plugins': 'plugins/action.html',
}


def _link_to_ansible_docs(app, env, node, contnode):
    import re
    from docutils import nodes

    target = node.get('reftarget', '')
    if node.get('reftype') != 'ref':
        return None
    if target in _ANSIBLE_CORE_LABELS:
        url = _ANSIBLE_DOCS + _ANSIBLE_CORE_LABELS[target]
    else:
        match = re.match(r'^ansible_collections\.(?!cognito\.user_pool\.)([a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)(?:__(.+))?$',
                         target)
        if not match:
            return None
        namespace, name, page, anchor = match.groups()
        url = f'{_ANSIBLE_DOCS}collections/{namespace}/{name}/{page}.html' + (f'#{anchor}' if anchor else '')
    reference = nodes.reference('', '', internal=False, refuri=url)
    reference.append(contnode)
    return reference


def _home_link_to_this_site(app, pagename, templatename, context, doctree):
    # The theme links its logo to "/", the root of docs.ansible.com; this site can be opened from
    # anywhere (a file, a sub-path), so the logo links to its own start page, relative to each page.
    context['theme_documentation_home_url'] = context['pathto'](app.config.root_doc)


def setup(app):
    app.connect('missing-reference', _link_to_ansible_docs)
    app.connect('html-page-context', _home_link_to_this_site)
'''

GUIDES_TOCTREE = f'''
.. toctree::
   :maxdepth: 1
   :caption: Guides:
   :glob:

   Overview and quick start <{GUIDES}/README>
   {GUIDES}/docs/user_status
   {GUIDES}/docs/troubleshooting
   {GUIDES}/docs/*
   {GUIDES}/roles/*/README

.. toctree::
   :maxdepth: 1
   :caption: Example playbooks:
   :glob:

   {GUIDES}/docs/examples/*

'''

# [text](target) in Markdown, target without a scheme: the links the copy may have to rewrite.
LINK = re.compile(r"(\]\()([^)\s#]*)(#[^)\s]*)?(\))")


def repository_url() -> str:
    """galaxy.yml's ``repository``, the base for links to files that are not part of the site."""
    match = re.search(r"^repository:\s*(\S+)", (ROOT / "galaxy.yml").read_text(encoding="utf-8"), re.MULTILINE)
    if not match:
        sys.exit("galaxy.yml has no repository: links to repository files cannot be made")
    return match.group(1).rstrip("/")


def topbar_links() -> dict:
    """The theme's top bar: this collection's repository, issues and Galaxy page (from galaxy.yml)."""
    galaxy = (ROOT / "galaxy.yml").read_text(encoding="utf-8")
    field = {key: re.search(rf"^{key}:\s*(\S+)", galaxy, re.MULTILINE).group(1) for key in ("namespace", "name", "issues")}
    return {
        "Repository": repository_url(),
        "Issues": field["issues"],
        "Galaxy": f"https://galaxy.ansible.com/ui/repo/published/{field['namespace']}/{field['name']}/",
    }


def guide_sources() -> list[Path]:
    """README.md, each role's README.md, and every guide and picture under docs/ that the collection ships,
    relative to the repository root."""
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    ignored = galaxy.get("build_ignore") or []
    files = [Path("README.md")]
    files += sorted(path.relative_to(ROOT) for path in (ROOT / "roles").glob("*/README.md"))
    files += sorted(path.relative_to(ROOT) for path in (ROOT / "docs").rglob("*")
                    if path.is_file() and path.suffix in (".md",) + PICTURES and "docsite" not in path.parts
                    and not any(fnmatch.fnmatch(path.relative_to(ROOT).as_posix(), pattern) for pattern in ignored))
    return files


def example_pages() -> dict[Path, Path]:
    """Each example playbook (docs/examples/*.yml) and the page the site shows it on, beside it."""
    return {path.relative_to(ROOT): path.relative_to(ROOT).with_suffix(".md")
            for path in sorted((ROOT / "docs" / "examples").glob("*.yml"))}


def example_page(source: Path) -> str:
    """The page of one example playbook: its whole text, header comments included (they say how it is run
    and tested)."""
    text = (ROOT / source).read_text(encoding="utf-8")
    return (f"# Example playbook {source.name}\n\n"
            f"In the collection at `{source.as_posix()}`.\n\n```yaml\n{text.rstrip()}\n```\n")


def rewrite_links(text: str, source: Path, copied: set[Path], base_url: str) -> str:
    """Point links to example playbooks at their pages, and links to other existing repository files that the
    site does not have at the repository."""
    examples = example_pages()

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("/"):
            return match.group(0)
        normalised = Path(*_normalise((source.parent / target).parts))
        if normalised in examples:
            page = Path(os.path.relpath(examples[normalised], source.parent))
            return f"{match.group(1)}{page.as_posix()}{match.group(3) or ''}{match.group(4)}"
        if normalised in copied or not (ROOT / normalised).exists():
            return match.group(0)  # a page of the site, or a broken link that the site's checks report
        kind = "tree" if (ROOT / normalised).is_dir() else "blob"
        return f"{match.group(1)}{base_url}/{kind}/main/{normalised.as_posix()}{match.group(3) or ''}{match.group(4)}"

    return LINK.sub(replace, text)


def _normalise(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            if not out:
                raise SystemExit(f"a link leaves the repository: {'/'.join(parts)}")
            out.pop()
        elif part not in (".", ""):
            out.append(part)
    return out


def copy_guides(rst_dir: Path) -> list[Path]:
    """Copy the guides under rst/guides, links rewritten where they leave the site."""
    sources = guide_sources()
    copied = set(sources)
    base_url = repository_url()
    for source in sources:
        dest = rst_dir / GUIDES / source
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            dest.write_text(rewrite_links((ROOT / source).read_text(encoding="utf-8"), source, copied, base_url),
                            encoding="utf-8")
        else:
            shutil.copyfile(ROOT / source, dest)
    for example, page in example_pages().items():
        (rst_dir / GUIDES / page).parent.mkdir(parents=True, exist_ok=True)
        (rst_dir / GUIDES / page).write_text(example_page(example), encoding="utf-8")
    return sources + list(example_pages())


def add_guides_to_index(index: Path) -> None:
    """Put the Guides table of contents before the generated "Collections" one."""
    text = index.read_text(encoding="utf-8")
    anchor = "\n.. toctree::\n   :maxdepth: 2\n   :caption: Collections:"
    if anchor not in text:
        sys.exit(f"{index}: the Collections toctree antsibull-docs sphinx-init writes was not found; "
                 "update tools/docs_site.py for this antsibull-docs version")
    text = re.sub(r"^Welcome to my Ansible collection documentation\n=+\n",
                  "cognito.user_pool\n=================\n", text, count=1, flags=re.MULTILINE)
    index.write_text(text.replace(anchor, GUIDES_TOCTREE + anchor, 1), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Build the site into DEST_DIR."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dest = Path(argv[0]).resolve()
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(mode=0o755, parents=True)
    dest.chmod(0o755)  # antsibull-docs wants its directories writable by their owner only
    subprocess.run(["antsibull-docs", "sphinx-init", "--use-current", "--dest-dir", str(dest), "cognito.user_pool"],
                   check=True)
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_ADDITION)
        conf.write(f"html_theme_options = {{'topbar_links': {topbar_links()!r}}}\n")
    guides = copy_guides(dest / "rst")
    print("guides: " + ", ".join(path.as_posix() for path in guides))
    add_guides_to_index(dest / "rst" / "index.rst")
    subprocess.run(["bash", str(dest / "build.sh")], check=True)
    print(f"docs site: {dest / 'build' / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
