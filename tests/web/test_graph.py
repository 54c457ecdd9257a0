"""The ties graph layout: nodes on a circle around the actor, labelled edges, a cap on nodes."""

from __future__ import annotations

import math

from incidex.web import graph


def test_no_ties_no_graph() -> None:
    assert graph.layout("Lonely Front", {}) is None


def test_nodes_sit_on_a_circle_with_labelled_edges() -> None:
    ties = {"Rival Army": ["rivalry"], "Old Front": ["cooperation", "contact", "contact"]}
    drawn = graph.layout("New Front", ties)
    assert drawn is not None and drawn.hidden == 0
    assert [n.name for n in drawn.nodes] == ["Old Front", "Rival Army"]  # most tied first
    for node in drawn.nodes:
        distance = math.hypot(node.x - drawn.centre.x, node.y - drawn.centre.y)
        assert abs(distance - graph.RADIUS) < 0.2
        assert not (abs(node.x - drawn.centre.x) < 1 and node.y > drawn.centre.y)  # not below
    assert [e.label for e in drawn.edges] == ["contact, cooperation", "rivalry"]


def test_many_ties_are_capped_and_long_names_shortened() -> None:
    ties = {f"Brigade number {i} of the very long named alliance": ["contact"] for i in range(20)}
    drawn = graph.layout("Hub", ties)
    assert drawn is not None
    assert len(drawn.nodes) == graph.MAX_NODES and drawn.hidden == 20 - graph.MAX_NODES
    assert all(len(n.label) <= 28 and n.label.endswith("…") for n in drawn.nodes)
    assert all(n.name.startswith("Brigade") for n in drawn.nodes)
