# -*- coding: utf-8 -*-
"""docs/user_status.svg is drawn from the planner's status table, and says what the table says."""

from __future__ import annotations

import importlib.util
import io
import math
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import cairosvg
import pytest
from PIL import Image


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


# -- drawn by a second renderer -----------------------------------------------------------------
# The docs site shows the diagram in Chromium (test_docs_site.py). CairoSVG is a second, independent
# renderer, and one that knows neither `paint-order` nor every marker orientation: what it draws
# with its labels and arrowheads visible, renderers with fewer features draw too.

SVG_NS = "{http://www.w3.org/2000/svg}"
SCALE = 2
NEAR = 60  # RGB distance under which a pixel counts as a given colour (text edges are anti-aliased)


def _render(svg: str):
    return Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=SCALE))).convert("RGB")


def _rgb(colour: str) -> tuple:
    return tuple(int(colour[index:index + 2], 16) for index in (1, 3, 5))


def _near(pixel: tuple, colour: tuple) -> bool:
    return math.dist(pixel, colour) <= NEAR


def _labels(root) -> list:
    """(text element, rotation about a point or None) for every label, halo outlines left out."""
    labels = []

    def walk(element, rotation):
        match = re.match(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
        if match:
            rotation = tuple(float(value) for value in match.groups())
        for child in element:
            if child.tag == SVG_NS + "text" and child.get("class") != "halo":
                labels.append((child, rotation))
            walk(child, rotation)

    walk(root, None)
    return labels


def _label_box(text, rotation) -> tuple:
    """A box around where the label's glyphs are drawn, in rendered pixels (left, top, right, bottom)."""
    x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
    width = len(text.text) * size * 0.5  # narrower than any of the fonts named: the box stays on the glyphs
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
    corners = [(left, y - 0.7 * size), (left + width, y - 0.7 * size), (left, y + 0.2 * size), (left + width, y + 0.2 * size)]
    if rotation:
        angle, centre_x, centre_y = math.radians(rotation[0]), rotation[1], rotation[2]
        corners = [(centre_x + (px - centre_x) * math.cos(angle) - (py - centre_y) * math.sin(angle),
                    centre_y + (px - centre_x) * math.sin(angle) + (py - centre_y) * math.cos(angle)) for px, py in corners]
    xs, ys = [px for px, _py in corners], [py for _px, py in corners]
    return tuple(int(value * SCALE) for value in (min(xs), min(ys), max(xs), max(ys)))


def _without_labels(root) -> str:
    copy = ElementTree.fromstring(ElementTree.tostring(root))
    for parent in copy.iter():
        for child in list(parent):
            if child.tag == SVG_NS + "text" and child.get("class") != "halo":
                parent.remove(child)
    return ElementTree.tostring(copy, encoding="unicode")


def _line_ends(root) -> list:
    """(end point, unit direction of arrival, colour) of every line: each one ends in an arrowhead."""
    ends = []
    for path in root.iter(SVG_NS + "path"):
        if not path.get("stroke"):
            continue  # a filled shape, such as a marker's own arrowhead
        numbers = [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        (from_x, from_y), (end_x, end_y) = numbers[-4:-2], numbers[-2:]
        length = math.hypot(end_x - from_x, end_y - from_y)
        ends.append(((end_x, end_y), ((end_x - from_x) / length, (end_y - from_y) / length), path.get("stroke")))
    return ends


@pytest.fixture(scope="module")
def second_rendering():
    ElementTree.register_namespace("", SVG_NS[1:-1])
    root = ElementTree.fromstring(SVG.read_text(encoding="utf-8"))
    return root, _render(SVG.read_text(encoding="utf-8")), _render(_without_labels(root))


def test_every_label_shows_in_its_colour_in_a_second_renderer(second_rendering):
    root, drawn, unlabelled = second_rendering
    hidden = []
    for text, rotation in _labels(root):
        colour = _rgb(text.get("fill"))
        left, top, right, bottom = _label_box(text, rotation)
        # Pixels of the label's colour that are there only because of the label: a line of the
        # same colour running through the box does not count.
        inked = sum(1 for x in range(left, right) for y in range(top, bottom)
                    if _near(drawn.getpixel((x, y)), colour) and not _near(unlabelled.getpixel((x, y)), colour))
        if inked < 10 * SCALE * len(text.text.replace(" ", "")):
            hidden.append(f"{text.text!r}: {inked} pixels of {text.get('fill')}")
    assert not hidden, "labels a second renderer (CairoSVG) does not show:\n" + "\n".join(hidden)


def test_every_line_ends_in_an_arrowhead_in_a_second_renderer(second_rendering):
    root, drawn, _unlabelled = second_rendering
    ends = _line_ends(root)
    assert len(ends) >= 10
    missing = []
    for (end_x, end_y), (unit_x, unit_y), colour in ends:
        # Two points beside the line, 8px before its end: inside any arrowhead, off the 2px line.
        for side in (1, -1):
            x = end_x - unit_x * 8 - unit_y * 3.5 * side
            y = end_y - unit_y * 8 + unit_x * 3.5 * side
            if not _near(drawn.getpixel((int(x * SCALE), int(y * SCALE))), _rgb(colour)):
                missing.append(f"line ending at ({end_x:g}, {end_y:g}) in {colour}")
                break
    assert not missing, "arrowheads a second renderer (CairoSVG) does not draw:\n" + "\n".join(missing)
