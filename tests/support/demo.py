"""The demo (``workflows.demo``) loaded into a SQLite copy of the migrated template, at the demo's fixed time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows import register_all
from workflows.demo import load_demo

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
PASSWORD = "demo-password-1"


@contextmanager
def demo_env(folder: Path, template: Path, **options: Any) -> Iterator[tuple[Env, Settings]]:
    """The demo loaded into ``folder``/demo.db, a copy of the ``template`` database, with its settings (``options``
    added to them), on a clock fixed at ``NOW``; the database is let go at the end."""
    shutil.copyfile(template, folder / "demo.db")
    settings = Settings(instance_path=folder / "instance", database_url=f"sqlite:///{folder / 'demo.db'}", **options)
    env = services.open_env(settings, clock=FixedClock(NOW))
    try:
        register_all(env.registry, settings)
        load_demo(env, settings, PASSWORD, now=NOW)
        yield env, settings
    finally:
        env.db.dispose()


def actor(env: Env, username: str) -> Actor:
    """The demo account ``username`` acting."""
    return Actor(services.find_user(env, username).id)
