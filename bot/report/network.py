"""A picture of the mentorship network: mentees and mentors as nodes, active matches as edges coloured by kind;
peer circles (a dashed star from each circle's facilitator, or its first member) and flash conversations that did not
become a match (dotted) as edges of their own style. A pair already matched keeps its match edge only. Circles and
flash conversations never move anyone out of the bands: "without a mentor" and "no mentee" count matches only.

Mentees without any mentor are drawn apart (bottom band, red rings) and mentors over capacity in red, so both
show at a glance; mentors with no mentee sit in the top band. Small programs get a force-directed layout
(networkx spring layout, seeded, so the same data gives the same picture); large ones a mentor-centred grid
(each mentee beside its first mentor) that stays readable and takes linear time. Names appear only in the
identified picture, which is for coordinators; the de-identified one has no labels at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.i18n import N_, _, format_number
from bot.report.charts import new_figure
from bot.report.snapshot import ProgramState
from bot.report.format import kind_label

if TYPE_CHECKING:  # networkx and matplotlib are imported where a network is built or drawn (start-up stays quick)
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

KIND_COLOURS = {"career": "#0072B2", "research": "#E69F00", "clinical": "#009E73", "wellness": "#CC79A7",
                "sponsorship": "#56B4E9", "identity": "#D55E00"}  # Okabe-Ito: distinguishable with colour blindness
ALERT, MENTEE, MENTOR, IDLE = "#C0392B", "#5D6D7E", "#1B2631", "#BFC9CA"
FORMAT_STYLES = {"circle": ("#7D3C98", "dashed", N_("peer circle")),  # labels translated where drawn
                 "flash": ("#7F8C8D", "dotted", N_("flash conversation"))}
SPRING_LIMIT = 400  # nodes; a spring layout beyond this is slow and no more readable
LABEL_ALL_LIMIT = 80
LABEL_FLAGGED_LIMIT = 40
FLAGGED_MIN_SIZE = 9.0  # points squared
Position = tuple[float, float]


@dataclass(frozen=True)
class NetworkSummary:
    mentees: int
    mentors: int
    edges: int
    isolated_mentees: int
    overloaded_mentors: int
    idle_mentors: int
    circle_links: int = 0  # edges of the circles' stars (not matches)
    flash_links: int = 0  # flash conversations held that did not become a match


def mentorship_network(state: ProgramState, at: datetime | None) -> nx.Graph:
    """Enrolled mentees (wanting mentoring or matched) and mentors as nodes; active matches as edges with their kind."""
    import networkx as nx

    graph = nx.Graph()
    active = state.active_matches(at)
    matched = {m.mentee_id for m in active}
    load: dict[int, int] = {}
    for match in active:
        load[match.mentor_id] = load.get(match.mentor_id, 0) + 1
    for person in state.mentees(at):
        if state.kinds_wanted.get(person.id) or person.id in matched:
            graph.add_node(person.id, mentee=True, mentor=False, name=person.display_name or person.slack_user_id,
                           isolated=False, overloaded=False)
    for person in state.mentor_people(at):
        capacity = state.mentors[person.id].capacity_total if person.id in state.mentors else 0
        attributes = graph.nodes[person.id] if person.id in graph else {
            "mentee": False, "isolated": False, "name": person.display_name or person.slack_user_id}
        graph.add_node(person.id, **{**attributes, "mentor": True, "overloaded": load.get(person.id, 0) > capacity})
    mentored = set()
    for match in active:
        if match.mentee_id in graph and match.mentor_id in graph:
            graph.add_edge(match.mentee_id, match.mentor_id, kind=match.kind)
            mentored.add(match.mentee_id)
    for node, data in graph.nodes(data=True):
        data["isolated"] = data["mentee"] and node not in mentored  # no mentor still enrolled
    _add_format_links(graph, state, at)
    return graph


def _add_format_links(graph: nx.Graph, state: ProgramState, at: datetime | None) -> None:
    """Circle seats held at `at` and flash conversations held by then, between people in the picture; a pair with a
    match edge keeps it (one edge per pair)."""
    links = [(hub, member, "circle") for hub, member, start, left in state.circle_links
             if (at is None or start < at) and (left is None or (at is not None and left > at))]
    links += [(mentee, mentor, "flash") for mentee, mentor, held in state.flash_links if at is None or held < at]
    for a, b, kind in links:
        if a in graph and b in graph and a != b and not graph.has_edge(a, b):
            graph.add_edge(a, b, kind=kind)


def is_match(kind: str) -> bool:
    return kind not in FORMAT_STYLES


def match_degree(graph: nx.Graph, node: int) -> int:
    return sum(1 for _unused, _unused2, kind in graph.edges(node, data="kind") if is_match(kind))


def summarize(graph: nx.Graph) -> NetworkSummary:
    nodes = graph.nodes
    return NetworkSummary(
        mentees=sum(1 for n in nodes if nodes[n]["mentee"]), mentors=sum(1 for n in nodes if nodes[n]["mentor"]),
        edges=sum(1 for _unused, _unused2, kind in graph.edges(data="kind") if is_match(kind)),
        isolated_mentees=sum(1 for n in nodes if nodes[n]["isolated"]),
        overloaded_mentors=sum(1 for n in nodes if nodes[n]["overloaded"]),
        idle_mentors=sum(1 for n in nodes if nodes[n]["mentor"] and match_degree(graph, n) == 0
                         and not nodes[n]["mentee"]),
        circle_links=sum(1 for _unused, _unused2, kind in graph.edges(data="kind") if kind == "circle"),
        flash_links=sum(1 for _unused, _unused2, kind in graph.edges(data="kind") if kind == "flash"))


def layout(graph: nx.Graph) -> dict[int, Position]:
    """Positions in the unit square: the matched network in the middle, bands for the unmatched above and below."""
    isolated = sorted(n for n in graph if match_degree(graph, n) == 0 and graph.nodes[n]["isolated"])
    idle = sorted(n for n in graph if match_degree(graph, n) == 0 and not graph.nodes[n]["isolated"])
    connected = graph.edge_subgraph((a, b) for a, b, kind in graph.edges(data="kind") if is_match(kind))
    middle = _spring(connected) if len(connected) <= SPRING_LIMIT else _mentor_grid(connected)
    positions = {node: (x, 0.2 + 0.6 * y) for node, (x, y) in middle.items()}
    positions.update(_band(idle, 0.9, 0.98))
    positions.update(_band(isolated, 0.02, 0.1))
    return positions


def _spring(graph: nx.Graph) -> dict[int, Position]:
    if len(graph) == 0:
        return {}
    import networkx as nx

    raw = nx.spring_layout(graph, seed=7, k=1.6 / math.sqrt(len(graph)), iterations=80)
    return _normalised({node: (float(x), float(y)) for node, (x, y) in raw.items()})


def _mentor_grid(graph: nx.Graph) -> dict[int, Position]:
    """Mentors on a grid (busiest first); each mentee on a small ring around its first mentor."""
    mentors = sorted((n for n in graph if graph.nodes[n]["mentor"] and not graph.nodes[n]["mentee"]),
                     key=lambda n: (-graph.degree(n), n))
    mentors += sorted(n for n in graph if graph.nodes[n]["mentor"] and graph.nodes[n]["mentee"])
    columns = max(1, math.ceil(math.sqrt(len(mentors) * 1.6)))
    rows = max(1, math.ceil(len(mentors) / columns))
    positions = {m: ((i % columns + 0.5) / columns, 1 - (i // columns + 0.5) / rows) for i, m in enumerate(mentors)}
    radius = 0.35 / max(columns, rows)
    for mentor in mentors:
        ring = sorted(n for n in graph.neighbors(mentor) if n not in positions)
        cx, cy = positions[mentor]
        for k, mentee in enumerate(ring):
            angle = 2 * math.pi * k / max(1, len(ring))
            positions[mentee] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return positions


def _band(nodes: list[int], low: float, high: float) -> dict[int, Position]:
    if not nodes:
        return {}
    columns = max(1, min(len(nodes), math.ceil(math.sqrt(len(nodes) * 12))))
    rows = math.ceil(len(nodes) / columns)
    return {node: ((i % columns + 0.5) / columns, low + (high - low) * ((i // columns + 0.5) / rows))
            for i, node in enumerate(nodes)}


def _normalised(positions: dict[int, Position]) -> dict[int, Position]:
    xs, ys = [x for x, _unused in positions.values()], [y for _unused2, y in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (0.04 + 0.92 * (x - min(xs)) / span_x, (y - min(ys)) / span_y) for n, (x, y) in positions.items()}


def network_figure(graph: nx.Graph, identified: bool) -> Figure:
    figure = new_figure(figsize=(10, 7.5), dpi=100)
    axes = figure.add_axes((0.01, 0.01, 0.98, 0.9))
    axes.set_axis_off()
    axes.set_xlim(-0.02, 1.02)
    axes.set_ylim(-0.01, 1.01)
    positions = layout(graph)
    size = max(2.0, min(60.0, 3000 / max(1, len(graph))))
    _draw_edges(axes, graph, positions, size)
    _draw_nodes(axes, graph, positions, size)
    if identified:
        _draw_labels(axes, graph, positions)
    summary = summarize(graph)
    figure.suptitle(_("Mentorship network: {mentees} mentees, {mentors} mentors, {edges} active matches\n"
                      "{isolated} mentees without a mentor (bottom band, red rings) · {overloaded} mentors over "
                      "capacity (red squares)").format(
        mentees=format_number(summary.mentees), mentors=format_number(summary.mentors),
        edges=format_number(summary.edges), isolated=format_number(summary.isolated_mentees),
        overloaded=format_number(summary.overloaded_mentors)), fontsize=9)
    axes.text(0.5, 1.0, _("mentors with no mentee"), ha="center", va="bottom", fontsize=7, color="#7F8C8D")
    axes.text(0.5, 0.0, _("mentees with no mentor"), ha="center", va="top", fontsize=7, color=ALERT)
    _legend(axes, graph)
    return figure


def _draw_edges(axes: Axes, graph: nx.Graph, positions: dict[int, Position], size: float) -> None:
    from matplotlib.collections import LineCollection

    width = 0.3 if size < 10 else 1.2
    for kind, colour in KIND_COLOURS.items():
        segments = [(positions[a], positions[b]) for a, b, data in graph.edges(data=True) if data["kind"] == kind]
        if segments:
            axes.add_collection(LineCollection(segments, colors=colour, linewidths=width,
                                               alpha=0.8 if size >= 10 else 0.35, zorder=1))
    for kind, (colour, style, _width) in FORMAT_STYLES.items():
        segments = [(positions[a], positions[b]) for a, b, data in graph.edges(data=True) if data["kind"] == kind]
        if segments:
            axes.add_collection(LineCollection(segments, colors=colour, linewidths=width * 0.8, linestyles=style,
                                               alpha=0.7 if size >= 10 else 0.3, zorder=0))


def _draw_nodes(axes: Axes, graph: nx.Graph, positions: dict[int, Position], size: float) -> None:
    nodes = graph.nodes
    groups: list[tuple[list[int], dict[str, Any]]] = [
        ([n for n in graph if nodes[n]["mentee"] and not nodes[n]["mentor"] and not nodes[n]["isolated"]],
         {"marker": "o", "c": MENTEE}),
        ([n for n in graph if nodes[n]["isolated"] and not nodes[n]["mentor"]],
         {"marker": "o", "facecolors": "white", "edgecolors": ALERT, "linewidths": 1.2}),
        ([n for n in graph if nodes[n]["mentor"] and not nodes[n]["overloaded"] and match_degree(graph, n) > 0],
         {"marker": "s", "c": MENTOR}),
        ([n for n in graph if nodes[n]["mentor"] and match_degree(graph, n) == 0 and not nodes[n]["overloaded"]],
         {"marker": "s", "c": IDLE}),
        ([n for n in graph if nodes[n]["overloaded"]],
         {"marker": "s", "c": ALERT, "edgecolors": "black", "linewidths": 0.6}),
    ]
    for rank, (members, style) in enumerate(groups):
        if members:
            scale = 2.0 if style["marker"] == "s" else 1.0
            flagged = rank in (1, 4)  # isolated mentees and overloaded mentors stay visible in a crowd, on top
            axes.scatter([positions[n][0] for n in members], [positions[n][1] for n in members],
                         s=max(size, FLAGGED_MIN_SIZE) * scale if flagged else size * scale, zorder=4 if flagged else 3,
                         **style)


def _draw_labels(axes: Axes, graph: nx.Graph, positions: dict[int, Position]) -> None:
    flagged = [n for n in graph if graph.nodes[n]["isolated"] or graph.nodes[n]["overloaded"]]
    if len(graph) <= LABEL_ALL_LIMIT:
        chosen = list(graph)
    else:  # a few flagged names help; hundreds would be an unreadable smear
        chosen = flagged if len(flagged) <= LABEL_FLAGGED_LIMIT else []
    for node in chosen:
        x, y = positions[node]
        axes.annotate(graph.nodes[node]["name"], (x, y), xytext=(3, 3), textcoords="offset points",  # not text
                      fontsize=6.5, color=ALERT if node in flagged else "#17202A", zorder=4)


def _legend(axes: Axes, graph: nx.Graph) -> None:
    from matplotlib.lines import Line2D

    present = {data["kind"] for _unused, _unused2, data in graph.edges(data=True)}
    kinds = sorted((k for k in present if is_match(k)), key=list(KIND_COLOURS).index)
    handles = [Line2D([], [], color=KIND_COLOURS[k], lw=2, label=kind_label(k)) for k in kinds]
    handles += [Line2D([], [], color=colour, lw=1.5, ls=style, label=_(label))
                for kind, (colour, style, label) in FORMAT_STYLES.items() if kind in present]
    handles += [
        Line2D([], [], marker="o", ls="", color=MENTEE, label=_("mentee")),
        Line2D([], [], marker="s", ls="", color=MENTOR, label=_("mentor")),
        Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor=ALERT,
               label=_("mentee without a mentor")),
        Line2D([], [], marker="s", ls="", color=ALERT, label=_("mentor over capacity")),
    ]
    axes.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.9)  # not text
