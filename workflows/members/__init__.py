"""Member records (会员): each union's member register, admission (入会), leaving (退会) and membership
transfer between unions (会员关系接转), with a person's history kept across unions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """Nothing to register yet: the register's tables and figures need no workflow."""
