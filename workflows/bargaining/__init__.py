"""Collective bargaining (集体协商): collective contracts and special wage agreements from the written request
through the talks, the congress's vote, signing, filing, effect, publication, checks and renewal; staff
opinions and the comparison of draft versions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.bargaining import settings as _settings  # noqa: F401 - declares [bargaining] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The bargaining workflow shaped by ``[bargaining]`` in its three versions (cases started on an earlier
    version finish there unless migrated: ``unionflow workflows migrate bargaining --to 3``), and its
    notification texts."""
    from workflows.bargaining import amendments, covered, regional, spec, texts

    policy = spec.Policy.from_settings(settings)
    v1 = registry.register(spec.build(policy, version=1)).spec
    v2 = registry.register(spec.build(policy, version=2)).spec
    registry.register(spec.build(policy))
    registry.add_migration(spec.migration_1_to_2(v1))
    registry.add_migration(spec.migration_2_to_3(v2))
    registry.register(regional.build(policy))  # regional and industry bargaining: the same steps and periods
    covered.provide(registry)
    registry.offer_roles({regional.ASSOCIATION: regional.ROLES[regional.ASSOCIATION]})  # granted at a federation
    registry.texts.update(texts.TEXTS)
    registry.add_sweep("bargaining agreement(s) marked changed or terminated", amendments.settle)
