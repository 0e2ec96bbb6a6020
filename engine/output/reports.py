"""Reports that workflows offer (a register, a form to print, figures at a glance), registered by name and built
through ``services.build_report``: the engine renders them (Excel, CSV, Word, charts) without knowing a
workflow's data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.core.context import Actor
from engine.core.errors import NotFound, PermissionDenied
from engine.core.i18n import Label
from engine.identity.roles import holds_any
from engine.output.tables import Column, Sheet

if TYPE_CHECKING:
    from engine.core.env import Env


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart and the table behind it: one bar per row, named by the ``label`` column, as long as the
    ``value`` column against ``top`` (by default 100 % for a percent column, else the longest bar)."""

    key: str
    title: Label
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]
    label: str
    value: str
    note: Label | None = None
    top: float | None = None

    @property
    def kind(self) -> str:
        return next(c.kind for c in self.columns if c.key == self.value)

    def sheet(self) -> Sheet:
        return Sheet(self.title, self.columns, self.rows)


@dataclass(frozen=True, slots=True)
class Cell:
    """One entry of a paper form: its label and value, across one value column or the rest of the line."""

    label: str
    value: str
    wide: bool = False
    tall: bool = False  # a long text, given room to be written on


@dataclass(frozen=True, slots=True)
class Form:
    """A one-page paper form (提案表): a title, a line above the table, and lines of one or two entries."""

    title: str
    heading: Sequence[tuple[str, str]]
    lines: Sequence[Sequence[Cell]]
    footer: str = ""


@dataclass(frozen=True)
class Report:
    """What a builder made, in the language asked for: tables to download, charts, or a form to print."""

    title: str
    filename: str  # without the extension: the name a download is saved under (Chinese is fine)
    organisation_id: int | None = None
    sheets: Sequence[Sheet] = ()
    charts: Sequence[Chart] = ()
    form: Form | None = None
    summary: Sequence[tuple[str, str]] = ()  # headline figures: (what, how many)


# builder(env, actor, lang, **params) -> Report; it checks the actor may read what it reports on.
Builder = Callable[..., Report]


@dataclass(frozen=True, slots=True)
class ReportSpec:
    name: str
    label: Label
    build: Builder
    readers: tuple[str, ...] = ()  # roles that may read it in the organisation it covers; () = the builder says
    # count(env, actor, **params) -> how many rows its main table will have, cheaply (one count query), with the
    # builder's permission check; a page decides from it whether to write the file in the background.
    count: Callable[..., int] | None = None


class Reports:
    """The reports an installation offers, by name."""

    def __init__(self) -> None:
        self._specs: dict[str, ReportSpec] = {}

    def register(self, spec: ReportSpec) -> None:
        if spec.name in self._specs and self._specs[spec.name] is not spec:
            raise ValueError(f"report {spec.name!r} is already registered")
        self._specs[spec.name] = spec

    def get(self, name: str) -> ReportSpec:
        try:
            return self._specs[name]
        except KeyError:
            raise NotFound("report", name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._specs


def require_roles(env: Env, actor: Actor, organisation_id: int, roles: Sequence[str], action: str) -> None:
    """Refuse unless the actor holds one of ``roles`` in the organisation or above it (the system may)."""
    if actor.system:
        return
    with env.db.read() as conn:
        if not holds_any(conn, actor.user_id, organisation_id, tuple(roles)):
            raise PermissionDenied(action, tuple(roles))


def build(env: Env, actor: Actor, name: str, lang: str = "zh", **params: Any) -> Report:
    return env.registry.reports.get(name).build(env, actor, lang, **params)


def size(env: Env, actor: Actor, name: str, **params: Any) -> int | None:
    """How many rows a report's main table will have, for the actor who may read it; None if it cannot say."""
    spec = env.registry.reports.get(name)
    return None if spec.count is None else spec.count(env, actor, **params)


def readers(env: Env, name: str) -> tuple[str, ...]:
    """The roles that may read a report (for a page to decide what to offer); () if it is not registered."""
    return env.registry.reports.get(name).readers if name in env.registry.reports else ()
