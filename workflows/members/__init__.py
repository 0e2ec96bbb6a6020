"""Member records (会员): each union's member register, admission (入会), leaving (退会) and membership
transfer between unions (会员关系接转), with a person's history kept across unions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.members import settings as _settings  # noqa: F401 - declares [members] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The admission and transfer workflows shaped by ``[members]``, their texts, and the capability their rules
    use."""
    from workflows.members import access, spec, texts

    policy = spec.Policy.from_settings(settings)
    registry.register(spec.build_admission(policy))
    registry.register(spec.build_transfer(policy))
    registry.texts.update(texts.TEXTS)
    registry.provide(access.NAME, access.MemberAccess)
