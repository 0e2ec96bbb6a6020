"""The README's tables of who reads and who acts on a case are the specs' own, and a spec's readers are checked."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from config import Settings
from engine.core.errors import SpecError
from engine.core.readers import declared
from engine.core.registry import Registry
from engine.core.spec import Reader
from workflows import register_all
from workflows.proposals import spec as proposal

ROOT = Path(__file__).resolve().parents[3]


def test_the_readme_shows_each_workflows_table_as_its_spec_declares_it():
    loaded = importlib.util.spec_from_file_location("access_table", ROOT / "tools" / "access-table.py")
    tool = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(tool)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(tool.START, 1)[1].split(tool.END, 1)[0].strip()
    assert shown == tool.tables(), "run `python tools/access-table.py`: a workflow's readers or actions changed"


def test_a_reader_the_workflow_does_not_know_is_refused_at_registration():
    spec = proposal.build()
    wrong = replace(spec, readers=(Reader("auditor"), Reader("union_office", org="elsewhere")))
    with pytest.raises(SpecError) as refused:
        Registry().register(wrong)
    assert "reader 'auditor' of every step is not a role of the workflow" in str(refused.value)
    assert "unknown scope 'elsewhere'" in str(refused.value)


def test_every_private_step_of_a_proposal_is_read_by_its_proposer_and_co_signers_only():
    spec = register_all(Registry(), Settings()).latest("proposal").spec
    for step in ("draft", "co_signing", "withdrawn"):
        assert {r.role for r in declared(spec, step)} <= {"starter", "data:co_signers", "data:co_signers_invited"}
