# -*- coding: utf-8 -*-
"""What gets published: the collection tarball, its Galaxy import, its execution environment and
its changelog release.

Run by `make release-check` in .venv/docs, after `ansible-galaxy collection build` wrote the
tarball into COLLECTION_DIST (build/collection). Scratch files go to PUBLISH_TMP.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("COLLECTION_DIST", ROOT / "build" / "collection"))
SCRATCH = Path(os.environ.get("PUBLISH_TMP", ROOT / "build" / "publish-tmp"))
IMPORTER_PYTHON = os.environ.get("GALAXY_IMPORTER_PYTHON", str(ROOT / ".venv" / "galaxy_importer" / "bin" / "python"))
COLLECTIONS = Path(os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep)[0])  # set by the Makefile

# Never in the tarball: development and test tooling and their documents, build output, local state.
FORBIDDEN = ["tests/*", "benchmarks/*", "build/*", ".venv/*", ".ci/*", "tools/*", ".benchmarks/*", ".pytest_cache/*",
             ".ansible/*", ".git/*", "Makefile", ".gitignore", ".ansible-lint", "*.tar.gz", "*__pycache__*", "*.pyc",
             "changelogs/.plugin-cache.yaml", "CONTRIBUTING.md", "docs/testing.md"]


def _tool(name: str) -> str:
    """A command of the venv running these tests (.venv/docs)."""
    return str(Path(sys.executable).parent / name)


def _galaxy() -> dict:
    return yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tarball() -> Path:
    galaxy = _galaxy()
    path = DIST / f"{galaxy['namespace']}-{galaxy['name']}-{galaxy['version']}.tar.gz"
    assert path.is_file(), f"{path} does not exist: make release-check builds it with ansible-galaxy collection build"
    return path


@pytest.fixture(scope="module")
def members(tarball) -> dict:
    with tarfile.open(tarball) as archive:
        return {member.name: member for member in archive.getmembers()}


def _shipped_sources() -> set:
    """The files git would commit that the tarball must carry: everything but the forbidden."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return {path for path in listed if path and (ROOT / path).is_file()
            and not any(fnmatch.fnmatch(path, pattern) for pattern in FORBIDDEN)
            and Path(path).name != ".keep" and path != "galaxy.yml"}  # galaxy.yml becomes MANIFEST.json


def test_tarball_carries_the_collection(tarball, members):
    files = {name for name, member in members.items() if member.isfile()}
    expected = {"MANIFEST.json", "FILES.json", "README.md", "COPYING", "meta/runtime.yml", "meta/execution-environment.yml",
                "requirements.txt", "bindep.txt", "changelogs/changelog.yaml", "changelogs/config.yaml",
                "docs/user_status.md", "docs/user_status.svg"}
    expected |= {f"plugins/modules/{path.name}" for path in (ROOT / "plugins" / "modules").glob("*.py")}
    expected |= {f"roles/{path.parent.parent.name}/meta/argument_specs.yml" for path in (ROOT / "roles").glob("*/meta/argument_specs.yml")}
    if (ROOT / "CHANGELOG.rst").exists():
        expected.add("CHANGELOG.rst")
    assert not expected - files, f"missing from {tarball.name}: {sorted(expected - files)}"
    assert not _shipped_sources() - files, f"repository files missing from {tarball.name}: {sorted(_shipped_sources() - files)}"
    size = tarball.stat().st_size
    print(f"{tarball}: {size} bytes ({size / 1024:.1f} KiB), {len(files)} files")


def test_tarball_has_nothing_forbidden(members):
    def forbidden(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(name + "/", pattern) for pattern in FORBIDDEN)

    bad = sorted(name for name in members if forbidden(name))
    assert not bad, f"must not be in the tarball: {bad}"


def test_manifest_carries_the_links_galaxy_shows(members, tarball):
    with tarfile.open(tarball) as archive:
        manifest = yaml.safe_load(archive.extractfile("MANIFEST.json"))["collection_info"]
    for key in ("repository", "documentation", "issues"):
        assert manifest[key].startswith("https://"), key
    assert manifest["license"] == ["GPL-3.0-or-later"]
    assert manifest["tags"] and manifest["dependencies"] == {"amazon.aws": _galaxy()["dependencies"]["amazon.aws"]}


def test_galaxy_importer_accepts_the_tarball_without_errors_or_warnings(tarball):
    # ansible-doc and ansible-lint inside galaxy-importer resolve amazon.aws doc fragments and
    # modules through Python's path, as they would from an installed `ansible` package.
    dependencies = SCRATCH / "importer-dependencies"
    (dependencies / "ansible_collections" / "amazon").mkdir(parents=True, exist_ok=True)
    link = dependencies / "ansible_collections" / "amazon" / "aws"
    if not link.exists():
        link.symlink_to(COLLECTIONS / "ansible_collections" / "amazon" / "aws")
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=str(Path(__file__).with_name("galaxy-importer.cfg")),
               PYTHONPATH=str(dependencies), HOME=str(SCRATCH / "importer-home"),
               PATH=f"{Path(IMPORTER_PYTHON).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run([IMPORTER_PYTHON, "-m", "galaxy_importer.main", str(tarball)], cwd=SCRATCH, env=env,
                            capture_output=True, text=True, timeout=900, check=False)
    output = result.stdout + result.stderr
    print(output)
    problems = [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING", "Traceback"))]
    assert result.returncode == 0, output
    assert "Importer processing completed successfully" in output
    assert not problems, "galaxy-importer reported:\n" + "\n".join(problems)


def test_ansible_builder_creates_a_build_context_from_the_execution_environment():
    # A collection's meta/execution-environment.yml names its dependency files relative to the
    # collection root, which is where ansible-builder looks for them: lay them out that way.
    definition = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert definition["version"] == 3
    image, _colon, tag = definition["images"]["base_image"]["name"].rpartition(":")
    assert image and re.fullmatch(r"\d+\.\d+\.\d+-\d+", tag), f"the base image is not pinned to a release: {tag}"
    workdir = SCRATCH / "execution-environment"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    shutil.copy(ROOT / "meta" / "execution-environment.yml", workdir / "execution-environment.yml")
    for name in (definition["dependencies"]["python"], definition["dependencies"]["system"]):
        shutil.copy(ROOT / name, workdir / name)
    context = workdir / "context"
    result = subprocess.run([_tool("ansible-builder"), "create", "--file", "execution-environment.yml", "--context", str(context),
                             "--output-filename", "Containerfile"], cwd=workdir, capture_output=True, text=True,
                            check=False)
    print(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert (context / "Containerfile").is_file()
    requirements = (context / "_build" / "requirements.txt").read_text(encoding="utf-8")
    assert "boto3>=1.34.0" in requirements and "botocore>=1.34.0" in requirements
    assert (context / "_build" / "bindep.txt").is_file()


def test_execution_environment_requirements_match_amazon_aws():
    ours = {line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    assert ours == {"boto3>=1.34.0", "botocore>=1.34.0"}


def test_changelog_release_to_1_0_0_works_in_a_scratch_copy():
    # What the release step will run, on a copy: the working tree stays at its version.
    copy = SCRATCH / "release" / "ansible_collections" / "cognito" / "user_pool"
    shutil.rmtree(copy.parents[2], ignore_errors=True)
    copy.mkdir(parents=True)
    for path in _shipped_sources() | {"galaxy.yml"}:
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, copy / path)
    dependencies = SCRATCH / "release-dependencies" / "ansible_collections" / "amazon"
    dependencies.mkdir(parents=True, exist_ok=True)
    if not (dependencies / "aws").exists():
        (dependencies / "aws").symlink_to(COLLECTIONS / "ansible_collections" / "amazon" / "aws")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(dependencies.parents[1]), GIT_CEILING_DIRECTORIES=str(ROOT / "build"))
    result = subprocess.run([_tool("antsibull-changelog"), "release", "--version", "1.0.0"], cwd=copy, env=env,
                            capture_output=True, text=True, check=False)
    print(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    changelog = (copy / "CHANGELOG.rst").read_text(encoding="utf-8")
    assert "v1.0.0" in changelog
    assert "1.0.0" in yaml.safe_load((copy / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))["releases"]


# -- what the shipped documents point at ---------------------------------------------------------
# A user reads README.md and docs/ from the installed collection: every relative link in them must
# lead to a file that ships, and a file that does not ship (Makefile, tools/, tests/, .venv/, ...)
# may only be named as a link to the source repository.

MARKDOWN_LINK = re.compile(r"!?\[(?:[^\]]*)\]\(([^)\s]+)\)")
URL_LINK = re.compile(r"!?\[[^\]]*\]\([a-z][a-z0-9+.-]*:[^)]*\)", re.IGNORECASE)
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def _shipped_markdown(tarball) -> dict:
    with tarfile.open(tarball) as archive:
        return {member.name: archive.extractfile(member).read().decode("utf-8") for member in archive.getmembers()
                if member.isfile() and member.name.endswith(".md")}


def _development_only_names(members) -> set:
    """What the repository's top level holds and the tarball does not: tools/, tests/, Makefile, ..."""
    shipped = {name.split("/", 1)[0] for name in members}
    return {path.name for path in ROOT.iterdir() if path.name not in shipped and path.name != "galaxy.yml"}


def test_shipped_markdown_links_only_to_shipped_files(tarball, members):
    documents = _shipped_markdown(tarball)
    assert "README.md" in documents and len(documents) > 3
    broken = []
    for name, text in documents.items():
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
                continue  # a URL or an anchor in the same document
            path = os.path.normpath(os.path.join(os.path.dirname(name), target.split("#", 1)[0]))
            if path not in members:
                broken.append(f"{name}: ({target}) -> {path}, which the tarball does not have")
    assert not broken, "relative links in shipped Markdown to files that do not ship:\n" + "\n".join(broken)


def test_shipped_markdown_names_development_files_only_as_repository_links(tarball, members):
    development = _development_only_names(members)
    assert {"Makefile", "tools", "tests"} <= development
    # A directory counts when a path goes on into it (tests/unit, not "the tests"); a file by its name.
    names = [re.escape(name) + ("/" if (ROOT / name).is_dir() else r"(?![\w.-])") for name in sorted(development)]
    pattern = re.compile(r"(?<![\w./-])(" + "|".join(names) + ")")
    found = []
    for name, text in _shipped_markdown(tarball).items():
        prose = URL.sub("", URL_LINK.sub("", text))
        for number, line in enumerate(prose.splitlines(), start=1):
            found += [f"{name}:{number}: {match.group(1)} in: {line.strip()}" for match in pattern.finditer(line)]
    assert not found, ("shipped Markdown names files that are not in the tarball; link them to the repository "
                       "(galaxy.yml repository) instead:\n" + "\n".join(found))
