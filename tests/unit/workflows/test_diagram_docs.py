"""The README's drawings in docs/workflows/ show each workflow's newest version (`make diagrams` redraws them)."""

from __future__ import annotations

from pathlib import Path

from config import Settings
from engine.core.registry import Registry
from workflows import register_all

DOCS = Path(__file__).resolve().parents[3] / "docs" / "workflows"


def test_every_workflow_is_drawn_at_its_newest_version():
    registry = register_all(Registry(), Settings())
    names = sorted({entry.spec.name for entry in registry})
    assert sorted(p.stem for p in DOCS.glob("*.svg")) == names
    for name in names:
        spec = registry.latest(name).spec
        drawing = (DOCS / f"{name}.svg").read_text(encoding="utf-8")
        assert f">{spec.label.zh} v{spec.version}</text>" in drawing, f"run `make diagrams`: {name} changed"
        for state in spec.states:
            assert f">{state.label.zh}</text>" in drawing, f"run `make diagrams`: {name} lacks {state.name}"
