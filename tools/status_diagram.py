#!/usr/bin/env python
"""Draw the Cognito user-status lifecycle from the planner's own status table.

Every status, edge and label in the picture comes from
``plugins/module_utils/_status.py``: ``PASSWORD_DECISIONS`` and ``target_status``
for the password edges, ``NO_COGNITO_PASSWORD`` for statuses without one, and
``plan_user`` for where a new user starts. The layout is computed here, in plain
SVG with fixed coordinates, so the output is the same on every machine (no
Graphviz, no font metrics).

Only SVG 1.1 features that every renderer draws are used: a label's white halo is a
white-stroked copy of the text drawn underneath it (not ``paint-order``), and an
arrowhead is a filled triangle at the end of its line (not a marker).

Usage::

    status_diagram.py [OUTPUT.svg]      # default: docs/user_status.svg
    status_diagram.py --check [FILE]    # exit 1 if FILE differs from a fresh drawing

The planner is imported as ``ansible_collections.cognito.user_pool``, from the collections tree
the Makefile puts on PYTHONPATH: ``make status-diagram`` runs this script.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "docs" / "user_status.svg"


def _import_planner():
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.cognito.user_pool.plugins.module_utils import _model, _planner, _status

    # The status table and the planner, under the names this drawing reads.
    return SimpleNamespace(
        PASSWORD_DECISIONS=_status.PASSWORD_DECISIONS, NO_COGNITO_PASSWORD=_status.NO_COGNITO_PASSWORD,
        KEEP=_status.KEEP, VERIFY=_status.VERIFY, target_status=_status.target_status,
        FORCE_CHANGE_PASSWORD=_model.FORCE_CHANGE_PASSWORD, CONFIRMED=_model.CONFIRMED,
        EXTERNAL_PROVIDER=_model.EXTERNAL_PROVIDER,
        new_user_status=lambda **options: _planner.plan_user(
            None, _model.DesiredUser(username="new", **options), _model.PoolFacts(user_pool_id="eu-west-1_Drawing")).after.user_status,
    )


# Colours: one per value of `permanent`, so the legend explains every arrow.
COLOUR = {True: "#1a7f37", False: "#c2610c"}
NEUTRAL = "#57606a"
FAIL = "#cf222e"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
SANS = "DejaVu Sans, Helvetica, Arial, sans-serif"
CHAR_WIDTH = 8.6  # a generous monospace advance at 14px, so names fit in every font


@dataclass
class Box:
    """A status drawn as a box centred on (x, y)."""

    name: str
    x: float
    y: float
    width: float
    height: float = 44.0

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2


@dataclass
class Edge:
    """One move between statuses, or a loop where a status stays put."""

    source: str
    target: str
    permanent: bool
    verify: bool  # True: nothing is written unless a sign-in try says the password differs


def password_edges(planner) -> List[Edge]:
    """Every (status, permanent) cell of the status table as an edge."""
    edges = []
    for status, decisions in planner.PASSWORD_DECISIONS.items():
        for permanent in (True, False):
            decision = decisions[0 if permanent else 1]
            if decision == planner.KEEP:
                continue
            edges.append(Edge(status, planner.target_status(permanent), permanent, decision == planner.VERIFY))
    return edges


def create_edges(planner) -> Dict[str, List[str]]:
    """Where ``cognito_user`` puts a new user: status -> the ways of declaring it that lead there."""
    cases = [
        ("with a password, permanent: true", dict(password="declared", permanent=True)),
        ("with a password, permanent: false", dict(password="declared", permanent=False)),
        ("without a password", dict(password=None)),
    ]
    edges: Dict[str, List[str]] = {}
    for label, options in cases:
        edges.setdefault(planner.new_user_status(**options), []).append(label)
    return edges


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, *, size: int = 13, colour: str = "#24292f", anchor: str = "middle",
          family: str = SANS, weight: str = "normal", halo: bool = False) -> str:
    """A label; with ``halo``, on a white outline that keeps it readable where it crosses a line."""
    attributes = (f'x="{_fmt(x)}" y="{_fmt(y)}" font-family="{family}" font-size="{size}" font-weight="{weight}" '
                  f'text-anchor="{anchor}"')
    label = f'<text {attributes} fill="{colour}">{escape(content)}</text>'
    if not halo:
        return label
    # The outline is a copy underneath, so it needs no paint-order (which not every renderer knows).
    outline = (f'<text class="halo" aria-hidden="true" {attributes} fill="#ffffff" stroke="#ffffff" stroke-width="4" '
               f'stroke-linejoin="round">{escape(content)}</text>')
    return outline + "\n" + label


ARROW_LENGTH = 14.0
ARROW_HALF_WIDTH = 7.0
ARROW_OVERSHOOT = 2.0  # the tip lies this far past the line's end, so the 2px line ends inside the head
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _arrowhead(d: str, colour: str) -> str:
    """A filled triangle at the end of path ``d``, pointing the way the path arrives.

    A Bezier segment arrives along the line from its last control point to its end point, and a
    straight segment along the line from its start, so the last two points written in ``d`` give
    the direction for every path drawn here.
    """
    numbers = [float(value) for value in NUMBER.findall(d)]
    (from_x, from_y), (end_x, end_y) = numbers[-4:-2], numbers[-2:]
    length = math.hypot(end_x - from_x, end_y - from_y)
    unit_x, unit_y = (end_x - from_x) / length, (end_y - from_y) / length
    tip_x, tip_y = end_x + unit_x * ARROW_OVERSHOOT, end_y + unit_y * ARROW_OVERSHOOT
    base_x, base_y = tip_x - unit_x * ARROW_LENGTH, tip_y - unit_y * ARROW_LENGTH
    corners = [(tip_x, tip_y), (base_x - unit_y * ARROW_HALF_WIDTH, base_y + unit_x * ARROW_HALF_WIDTH),
               (base_x + unit_y * ARROW_HALF_WIDTH, base_y - unit_x * ARROW_HALF_WIDTH)]
    points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in corners)
    return f'<polygon class="arrowhead" points="{points}" fill="{colour}"/>'


def _path(d: str, colour: str, *, dashed: bool = False, arrow: bool = True) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    line = f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
    return line + "\n" + _arrowhead(d, colour) if arrow else line


def _box(box: Box, *, fill: str = "#f6f8fa", stroke: str = "#24292f", dashed: bool = False) -> List[str]:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return [
        f'<rect x="{_fmt(box.left)}" y="{_fmt(box.top)}" width="{_fmt(box.width)}" height="{_fmt(box.height)}" '
        f'rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>',
        _text(box.x, box.y + 5, box.name, size=14, family=MONO, weight="bold"),
    ]


def _width(name: str) -> float:
    return max(150.0, len(name) * CHAR_WIDTH + 36)


def render(planner) -> str:
    """The whole SVG document."""
    targets = list(dict.fromkeys(planner.target_status(p) for p in (True, False)))
    upper, lower = targets  # CONFIRMED above, FORCE_CHANGE_PASSWORD below
    sources = [status for status in planner.PASSWORD_DECISIONS if status not in targets]
    permanent_target = planner.target_status(True)

    centre_x, row_y, row_gap = 520.0, 340.0, 230.0
    boxes: Dict[str, Box] = {
        upper: Box(upper, centre_x, row_y - 150, _width(upper)),
        lower: Box(lower, centre_x, row_y + 150, _width(lower)),
    }
    for index, status in enumerate(sources):
        boxes[status] = Box(status, centre_x + (index - (len(sources) - 1) / 2) * row_gap, row_y, _width(status))
    new_user = Box("new user", 920, row_y, 130)

    body: List[str] = ['<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']

    body.append(_text(20, 30, "Cognito user_status: what cognito_user_password (and cognito_user with a password) does",
                      size=16, anchor="start", weight="bold"))
    legend = [
        (COLOUR[True], False, "permanent: true (the default): sets a permanent password, the user ends " + permanent_target),
        (COLOUR[False], False, "permanent: false: sets a temporary password, to be changed at the next sign-in"),
        (NEUTRAL, True, "dashed: already there, unchanged; with client_id, set if a sign-in try fails"),
    ]
    for index, (colour, dashed, words) in enumerate(legend):
        y = 58 + index * 22
        body.append(_path(f"M20,{y - 4} L62,{y - 4}", colour, dashed=dashed))
        body.append(_text(72, y, words, anchor="start", colour=colour))

    arrivals: Dict[str, int] = {}
    for edge in password_edges(planner):
        source, target = boxes[edge.source], boxes[edge.target]
        colour = NEUTRAL if edge.verify else COLOUR[edge.permanent]
        label = f"permanent: {'true' if edge.permanent else 'false'}"
        if edge.source == edge.target:
            # A loop above the upper target, below the lower one; its label to the left.
            sign = -1 if source.y < row_y else 1
            base = source.top if sign < 0 else source.bottom
            d = (f"M{_fmt(source.x - 40)},{_fmt(base)} C{_fmt(source.x - 70)},{_fmt(base + sign * 55)} "
                 f"{_fmt(source.x + 70)},{_fmt(base + sign * 55)} {_fmt(source.x + 40)},{_fmt(base)}")
            body.append(_path(d, colour, dashed=True))
            body.append(_text(source.x - 62, base + sign * 30, f"{label}: unchanged (verified with client_id)",
                              anchor="end", colour=colour, halo=True))
        elif edge.source in targets:
            # Between the two targets: down the left side, outside the row of sources.
            going_down = source.y < target.y
            side = 60.0 if going_down else 110.0
            # The downward edge runs outside the upward one: it leaves and enters higher and lower.
            start_y, end_y = source.y - 8, target.y + 8
            turn = 14 if going_down else -14
            d = (f"M{_fmt(source.left)},{_fmt(start_y)} L{_fmt(side + 14)},{_fmt(start_y)} "
                 f"Q{_fmt(side)},{_fmt(start_y)} {_fmt(side)},{_fmt(start_y + turn)} L{_fmt(side)},{_fmt(end_y - turn)} "
                 f"Q{_fmt(side)},{_fmt(end_y)} {_fmt(side + 14)},{_fmt(end_y)} L{_fmt(target.left)},{_fmt(end_y)}")
            body.append(_path(d, colour))
            label_x = side + (-8 if going_down else 16)
            body.append(f'<g transform="rotate(-90 {_fmt(label_x)} {_fmt(row_y)})">'
                        + _text(label_x, row_y, label, colour=colour) + "</g>")
        else:
            count = arrivals.get(edge.target, 0)
            arrivals[edge.target] = count + 1
            offset = (count - (len(sources) - 1) / 2) * 60
            start_y, end_y = (source.top, target.bottom) if target.y < source.y else (source.bottom, target.top)
            body.append(_path(f"M{_fmt(source.x)},{_fmt(start_y)} L{_fmt(target.x + offset)},{_fmt(end_y)}", colour))

    for status, labels in create_edges(planner).items():
        target = boxes[status]
        colour = COLOUR[status == permanent_target]
        going_up = target.y < new_user.y
        start_y = new_user.top if going_up else new_user.bottom
        d = f"M{_fmt(new_user.x)},{_fmt(start_y)} Q{_fmt(new_user.x)},{_fmt(target.y)} {_fmt(target.right)},{_fmt(target.y)}"
        body.append(_path(d, colour))
        y = target.y - 12 - 15 * (len(labels) - 1) if going_up else target.y + 24
        for line in labels:
            body.append(_text(target.right + 14, y, line, size=12, anchor="start", colour=colour, halo=True))
            y += 15
    body.extend(_box(new_user, fill="#ffffff", dashed=True))
    body.append(_text(new_user.x, new_user.bottom + 18, "cognito_user creates", size=12, colour=NEUTRAL, halo=True))

    for box in boxes.values():
        body.extend(_box(box))

    bottom = row_y + 260
    for index, status in enumerate(planner.NO_COGNITO_PASSWORD):
        box = Box(status, 160 + index * 480, bottom, _width(status))
        body.extend(_box(box, fill="#fff5f5", stroke=FAIL))
        body.append(_text(box.right + 14, box.y - 2, "no edge: setting a password fails,", anchor="start", colour=FAIL))
        body.append(_text(box.right + 14, box.y + 15, "it is a federated user with no Cognito password", anchor="start",
                          colour=FAIL))
    notes = [
        "update_password: always sets the password on every run (the dashed loops become sets);",
        "update_password: on_create (cognito_user) sets it only when the user is created.",
        "Any other user_status fails, naming it. Drawn by tools/status_diagram.py from PASSWORD_DECISIONS in _status.py.",
    ]
    y = bottom + 56
    for line in notes:
        body.append(_text(20, y, line, size=12, anchor="start", colour=NEUTRAL))
        y += 17
    width, height = 1080, int(y + 6)

    header = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title">')
    title = '<title id="title">Cognito user-status lifecycle and the options of cognito.user_pool that move users</title>'
    body = [line.replace("{width}", str(width)).replace("{height}", str(height)) for line in body]
    return "\n".join([header, title] + body + ["</svg>"]) + "\n"


def main(argv: List[str]) -> int:
    """Write the diagram, or with --check compare it with the committed file."""
    check = "--check" in argv
    args = [arg for arg in argv if arg != "--check"]
    if len(args) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(args[0]) if args else DEFAULT_OUTPUT
    drawing = render(_import_planner())
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != drawing:
            print(f"{output} is out of date with the planner's status table: run tools/status_diagram.py", file=sys.stderr)
            return 1
        print(f"{output} matches the planner's status table")
        return 0
    output.write_text(drawing, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
