# -*- coding: utf-8 -*-
"""docs/user_status.svg is drawn from the planner's status table, and says what the table says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest


ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "docs" / "user_status.svg"


@pytest.fixture(scope="module")
def status_diagram():
    spec = importlib.util.spec_from_file_location("status_diagram", ROOT / "tools" / "status_diagram.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def planner(status_diagram):
    return status_diagram._import_planner()


def _texts(svg: str) -> list:
    return [element.text for element in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


def test_committed_diagram_matches_a_fresh_drawing(status_diagram, planner):
    assert SVG.read_text(encoding="utf-8") == status_diagram.render(planner), (
        "docs/user_status.svg is out of date with PASSWORD_DECISIONS: run tools/status_diagram.py and commit the result"
    )


def test_every_status_of_the_table_is_drawn(planner):
    texts = _texts(SVG.read_text(encoding="utf-8"))
    for status in list(planner.PASSWORD_DECISIONS) + list(planner.NO_COGNITO_PASSWORD):
        assert status in texts


def test_every_set_decision_is_an_edge_to_the_status_it_leaves_the_user_in(status_diagram, planner):
    edges = {(edge.source, edge.target, edge.permanent, edge.verify) for edge in status_diagram.password_edges(planner)}
    assert (planner.FORCE_CHANGE_PASSWORD, planner.CONFIRMED, True, False) in edges
    assert (planner.CONFIRMED, planner.FORCE_CHANGE_PASSWORD, False, False) in edges
    assert (planner.CONFIRMED, planner.CONFIRMED, True, True) in edges
    for status, (when_permanent, when_temporary) in planner.PASSWORD_DECISIONS.items():
        for permanent, decision in ((True, when_permanent), (False, when_temporary)):
            expected = (status, planner.target_status(permanent), permanent, decision == planner.VERIFY)
            assert expected in edges


def test_statuses_without_a_cognito_password_have_no_edge(status_diagram, planner):
    for edge in status_diagram.password_edges(planner):
        assert planner.EXTERNAL_PROVIDER not in (edge.source, edge.target)


def test_new_users_start_where_the_planner_creates_them(status_diagram, planner):
    assert status_diagram.create_edges(planner) == {
        planner.CONFIRMED: ["with a password, permanent: true"],
        planner.FORCE_CHANGE_PASSWORD: ["with a password, permanent: false", "without a password"],
    }


def test_the_diagram_is_shown_in_the_guide_and_the_readme(planner):
    assert "](user_status.svg)" in (ROOT / "docs" / "user_status.md").read_text(encoding="utf-8")
    assert "docs/user_status.svg" in (ROOT / "README.md").read_text(encoding="utf-8")
