"""The demo, loaded once for a test module that reads it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.core.env import Env
from support.demo import demo_env


@pytest.fixture(scope="module")
def loaded_demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """The demo loaded into a SQLite copy of the migrated template, its clock fixed at ``support.demo.NOW``; one
    for the test module, which only reads it."""
    with demo_env(tmp_path_factory.mktemp("demo"), sqlite_template) as (env, _):
        yield env
