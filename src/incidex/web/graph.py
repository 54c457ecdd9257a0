"""Layout of an actor's ties as a small graph: the actor in the middle, the others on a circle.

Pure geometry for a server-rendered inline SVG (no script, no library): the template draws the
nodes as links to their actor pages and each edge with its relation kinds as a label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 420
RADIUS = 150
MAX_NODES = 16


@dataclass(slots=True)
class Node:
    name: str  # full name, for the link
    label: str  # shortened for the drawing
    x: float
    y: float
    anchor: str  # text-anchor of the label, away from the centre
    label_x: float
    label_y: float


@dataclass(slots=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float
    kinds: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Graph:
    centre: Node
    nodes: list[Node]
    edges: list[Edge]
    hidden: int  # ties left out to keep the drawing legible
    width: int = WIDTH
    height: int = HEIGHT


def _short(name: str, room: int = 28) -> str:
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def layout(name: str, ties: dict[str, list[str]]) -> Graph | None:
    """The graph of ``name`` and its ties (other actor -> relation kinds), or None without ties.

    The most connected others come first; beyond ``MAX_NODES`` the rest are counted, not drawn.
    """
    others = sorted(ties, key=lambda o: (-len(ties[o]), o.lower()))
    shown, hidden = others[:MAX_NODES], max(0, len(others) - MAX_NODES)
    if not shown:
        return None
    cx, cy = WIDTH / 2, HEIGHT / 2
    centre = Node(name, _short(name, 36), cx, cy, "middle", cx, cy + 30)
    nodes, edges = [], []
    for i, other in enumerate(shown):
        # turned by half a step, so that no node sits straight below the centre's label
        angle = -math.pi / 2 + math.pi * (2 * i + 0.5) / len(shown)
        x, y = cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        lx = x + 14 * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-14 if y < cy else 22))
        nodes.append(Node(other, _short(other), round(x, 1), round(y, 1), anchor, round(lx, 1), ly))
        kinds = sorted(set(ties[other]))
        # the label sits 45% of the way out, so labels of neighbouring edges do not collide
        mx, my = cx + (x - cx) * 0.45, cy + (y - cy) * 0.45
        edges.append(
            Edge(
                cx,
                cy,
                round(x, 1),
                round(y, 1),
                ", ".join(kinds),
                round(mx, 1),
                round(my, 1),
                kinds,
            )
        )
    return Graph(centre, nodes, edges, hidden)
