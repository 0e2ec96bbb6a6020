"""Each workflow version is drawn as SVG from its spec, labelled in the language asked for."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from engine.core.i18n import Label
from engine.core.spec import SYSTEM, Start, State, Transition, WorkflowSpec
from engine.output import diagrams

SPEC = WorkflowSpec(
    name="leave",
    version=1,
    label=Label("请假", "Leave"),
    roles={"clerk": Label("职员", "clerk"), "head": Label("主管", "head")},
    initial="asked",
    start=Start(roles=("clerk",)),
    states=(
        State("asked", Label("已申请", "Asked")),
        State("granted", Label("已批准", "Granted"), final=True),
        State("lapsed", Label("已失效", "Lapsed"), final=True),
    ),
    transitions=(
        Transition("grant", ("asked",), "granted", Label("批准", "Grant"), ("head",)),
        Transition("lapse", ("asked",), "lapsed", Label("过期", "Lapse"), (SYSTEM,)),
    ),
)


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML, ready to go inline into a page
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_state_and_action_is_labelled_in_the_language_asked_for(lang):
    svg = diagrams.draw(SPEC, lang)
    assert svg.startswith("<svg")
    texts = svg_texts(svg)
    for item in (*SPEC.states, *SPEC.transitions):
        assert item.label(lang) in texts
    other = "en" if lang == "zh" else "zh"
    assert SPEC.states[0].label(other) not in texts
    assert f"{SPEC.label(lang)} v1" in texts


def test_the_initial_and_final_states_and_the_systems_arrows_are_marked():
    svg = diagrams.draw(SPEC, "en")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = {g.find("s:title", ns).text: g for g in root.iterfind(".//s:g[@class='node']", ns)}
    assert len(nodes["granted"].findall("s:path", ns) + nodes["granted"].findall("s:polygon", ns)) == 2
    assert len(nodes["asked"].findall("s:path", ns) + nodes["asked"].findall("s:polygon", ns)) == 1
    assert 'fill="#cfe2ff"' in ET.tostring(nodes["asked"], encoding="unicode")
    assert "_start" in nodes  # the dot pointing at the initial state
    edges = {g.find("s:title", ns).text: ET.tostring(g, encoding="unicode")
             for g in root.iterfind(".//s:g[@class='edge']", ns)}
    assert "stroke-dasharray" in edges["asked->lapsed"]  # only the system takes it
    assert "stroke-dasharray" not in edges["asked->granted"]


def test_markup_in_a_label_is_shown_as_text():
    tricky = replace(SPEC, version=2, states=(
        State("asked", Label("<b>已申请</b> & \\l", "<img src=x onerror=alert(1)>")), *SPEC.states[1:]))
    zh, en = diagrams.draw(tricky, "zh"), diagrams.draw(tricky, "en")
    assert "<b>" not in zh and "<img" not in en
    assert "<b>已申请</b> & \\l" in svg_texts(zh)
    assert "<img src=x onerror=alert(1)>" in svg_texts(en)


def test_a_version_is_drawn_once_per_language():
    first = diagrams.draw(SPEC, "zh")
    assert diagrams.draw(SPEC, "zh") is first
    assert diagrams.draw(SPEC, "zh-CN") is first
    assert diagrams.draw(replace(SPEC), "zh") is not first  # another spec of that name and version is redrawn


def test_without_graphvizs_dot_the_diagram_is_unavailable(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(diagrams.DiagramUnavailable):
        diagrams.render(SPEC, "zh")
