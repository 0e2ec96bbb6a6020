"""Each workflow version drawn as SVG by the diagram extension of ``transitions`` and Graphviz's ``dot``."""

from __future__ import annotations

import copy
import html
from collections import defaultdict
from typing import Any

import graphviz
from transitions import State as MachineState
from transitions.extensions.diagrams import GraphMachine

from engine.core.errors import EngineError
from engine.core.i18n import Label
from engine.core.spec import SYSTEM, WorkflowSpec

# dot measures text with the first of these it finds; the browser picks from the same list.
FONT = "Noto Sans CJK SC,PingFang SC,Microsoft YaHei,sans-serif"


class DiagramUnavailable(EngineError):
    """Graphviz's ``dot`` is not installed, so no diagram can be drawn."""

    def __init__(self) -> None:
        super().__init__(Label("本机未安装 Graphviz（dot），无法绘制流程图。",
                               "Graphviz (dot) is not installed here, so the diagram cannot be drawn."))


class _LabelledState(MachineState):
    """A machine state that carries the text its box shows."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label


def _styles() -> dict[str, Any]:
    styles = copy.deepcopy(GraphMachine.style_attributes)
    styles["node"]["default"].update(fontname=FONT, fontsize="12", margin="0.15,0.06")
    styles["node"]["initial"] = {"fillcolor": "#cfe2ff", "color": "#0d6efd", "penwidth": "2", "peripheries": "1"}
    styles["node"]["final"] = {"fillcolor": "#e9ecef", "color": "#495057", "peripheries": "2"}
    styles["edge"]["default"].update(fontname=FONT, fontsize="10", color="#495057")
    styles["edge"]["system"] = {"style": "dashed", "color": "#6c757d", "fontcolor": "#6c757d"}
    styles["graph"]["default"].update(fontname=FONT, fontsize="14")
    return styles


class _DiagramMachine(GraphMachine):
    """A machine built only to be drawn: its states carry labels, and it is drawn top to bottom, which fits a
    phone's screen better than the extension's left to right."""

    state_cls = _LabelledState
    style_attributes = _styles()
    machine_attributes = {"directed": "true", "strict": "false", "rankdir": "TB", "nodesep": "0.3"}


def plain(text: str) -> str:
    """Text that dot shows as written: ``<…>`` would make an HTML-like label and ``\\`` an escape, so both
    lose their meaning (dot turns the character entities back into text, and escapes them again in SVG)."""
    return html.escape(text, quote=False).replace("\\", "\\\\")


def _machine(spec: WorkflowSpec, lang: str) -> _DiagramMachine:
    states = [{"name": s.name, "label": plain(s.label(lang)), "final": s.final} for s in spec.states]
    transitions = [{"trigger": t.trigger, "source": list(t.source), "dest": t.dest, "label": plain(t.label(lang))}
                   for t in spec.transitions]
    title = plain(f"{spec.label(lang)} v{spec.version}")
    # The machine is its own (throwaway) model: the extension binds get_graph to a model.
    return _DiagramMachine(states=states, transitions=transitions, initial=spec.initial, auto_transitions=False,
                           graph_engine="graphviz", title=title, name=f"{spec.name}@{spec.version} diagram: ")


def _style(machine: _DiagramMachine, spec: WorkflowSpec) -> None:
    """Mark the initial and final states, and dash the arrows only the system takes (deadlines, automatic
    steps), through the extension's own styling of the model's graph."""
    graph = machine.model_graphs[id(machine)]
    graph.reset_styling()
    for s in spec.states:
        if s.final:
            graph.set_node_style(s.name, "final")
    graph.set_node_style(spec.initial, "initial")
    by_system: dict[tuple[str, str], bool] = defaultdict(lambda: True)
    for t in spec.transitions:
        for source in t.source:
            by_system[(source, t.dest)] &= t.roles == (SYSTEM,)
    for (source, dest), system in by_system.items():
        if system:
            graph.custom_styles["edge"][source][dest] = "system"


def render(spec: WorkflowSpec, lang: str) -> str:
    """Draw ``spec`` now, without the cache."""
    machine = _machine(spec, lang)
    _style(machine, spec)
    dot = machine.get_graph()
    start = "_start"  # a bare dot pointing at the initial state, named unlike any state
    while any(s.name == start for s in spec.states):
        start = "_" + start
    dot.node(start, "", shape="point", width="0.15", fillcolor="#0d6efd", color="#0d6efd")
    dot.edge(start, spec.initial, color="#0d6efd")
    try:
        svg = dot.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise DiagramUnavailable() from None
    # dot's XML prologue and DOCTYPE are for a standalone file; inline in a page only the <svg> element counts.
    return svg[svg.index("<svg"):]


# Two requests drawing the same version at once both draw it: harmless, and no lock is held around dot.
_drawn: dict[tuple[str, int, str], tuple[WorkflowSpec, str]] = {}


def draw(spec: WorkflowSpec, lang: str) -> str:
    """The SVG of a workflow version with its states and actions labelled in ``lang`` (``zh`` or ``en``).

    Specs are immutable, so each (workflow, version, language) is drawn once per process; the spec itself is
    kept beside the drawing so that another spec of the same name and version (as tests make) is redrawn.
    """
    lang = "en" if lang.startswith("en") else "zh"
    key = (spec.name, spec.version, lang)
    hit = _drawn.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    svg = render(spec, lang)
    _drawn[key] = (spec, svg)
    return svg
