"""Workflow versions side by side: the open cases each version runs, and moving cases by a declared migration.

A running case keeps the version it started on; it moves only when an operator runs a migration the workflow
declared (``Registry.add_migration``). Each case moves in its own transaction: the case row is locked, its state
mapped and its data upgraded, a ``migrate`` entry is appended to its history chain like any other, and when
its state's name changed its tasks and timers are closed and those of the new state opened, counted from the
moment of the migration. The new state's automatic actions are not taken: the case waits for its next action.
Only open cases move; finished ones stay on their version, which stays registered to show them.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from engine.core import readers, rollups, terms, writes
from engine.core.context import SYSTEM_ACTOR
from engine.core.env import Env
from engine.core.errors import Conflict, NotFound
from engine.core.runtime import CaseState, load_case
from engine.core.spec import Migration
from engine.store.database import RawTransaction
from engine.store.models import Case

log = logging.getLogger(__name__)
cases = Case.__table__
MIGRATE = "migrate"  # the trigger of the history entry a migration appends


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a workflow and how many open cases run on it.

    A version no installed package registers (``registered`` false) still has cases: all of them are counted,
    since this process cannot tell which are finished.
    """

    workflow: str
    version: int
    open_cases: int
    registered: bool
    newest: bool


@dataclass(frozen=True, slots=True)
class Move:
    """What a migration did, or would do, to one case: ``to_state`` None means refused, ``reason`` says why."""

    case_id: int
    from_version: int
    from_state: str
    to_state: str | None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.to_state is None


@dataclass(frozen=True, slots=True)
class MigrationReport:
    workflow: str
    to_version: int
    dry_run: bool
    moves: tuple[Move, ...]

    @property
    def moved(self) -> list[Move]:
        return [m for m in self.moves if not m.refused]

    @property
    def refused(self) -> list[Move]:
        return [m for m in self.moves if m.refused]


def _final(env: Env, workflow: str, version: int, state: str) -> bool | None:
    """Whether the state is final in that version; None when this process does not know the version or state."""
    try:
        return env.registry.get(workflow, version).spec.state(state).final
    except (NotFound, KeyError):
        return None


def workflow_versions(env: Env) -> list[VersionInfo]:
    """Every registered version of every workflow (and any version cases still run on), with its open cases."""
    registry = env.registry
    counts = {(name, v): 0 for name in registry.names() for v in registry.versions(name)}
    c = cases.c
    with env.db.read() as conn:
        rows = conn.execute(sa.select(c.workflow, c.spec_version, c.state, sa.func.count())
                            .group_by(c.workflow, c.spec_version, c.state)).all()
    for workflow, version, state, number in rows:
        key = (workflow, version)
        counts[key] = counts.get(key, 0) + (0 if _final(env, workflow, version, state) else number)
    newest = {name: registry.versions(name)[-1] for name in registry.names()}
    return [VersionInfo(name, v, n, v in registry.versions(name), newest.get(name) == v)
            for (name, v), n in sorted(counts.items())]


def plan(env: Env, workflow: str, version: int, state: str, to_version: int
         ) -> tuple[list[Migration], str | None, str]:
    """The steps that take a case in ``state`` of ``version`` to ``to_version``, the state it would stand in
    there (None: refused), and why it is refused."""
    steps = env.registry.migration_path(workflow, version, to_version)
    if steps is None:
        return [], None, f"no migration from v{version} to v{to_version} is declared"
    for step in steps:
        if state not in step.state_map:
            return steps, None, f"state {state!r} of v{step.from_version} has no mapping to v{step.to_version}"
        state = step.state_map[state]
    return steps, state, ""


def _open_cases(env: Env, workflow: str, to_version: int) -> list[tuple[int, int, str]]:
    """Id, version and state of the workflow's open cases on versions older than ``to_version``."""
    c = cases.c
    with env.db.read() as conn:
        rows = conn.execute(sa.select(c.id, c.spec_version, c.state)
                            .where(c.workflow == workflow, c.spec_version < to_version).order_by(c.id)).all()
    return [(i, v, s) for i, v, s in rows if not _final(env, workflow, v, s)]


def migrate(env: Env, workflow: str, to_version: int, *, dry_run: bool = False) -> MigrationReport:
    """Move the workflow's open cases on older versions to ``to_version`` by its declared migrations.

    A dry run writes nothing and reports what would move. A case whose state has no mapping is refused and
    stays as it is; so does one whose data upgrade fails (logged), while the other cases still move.
    """
    env.registry.get(workflow, to_version)  # NotFound unless that version is registered
    moves = []
    for case_id, version, state in _open_cases(env, workflow, to_version):
        if dry_run:
            _steps, to_state, reason = plan(env, workflow, version, state, to_version)
            moves.append(Move(case_id, version, state, to_state, reason))
        else:
            moves.append(_migrate_case(env, case_id, version, state, to_version))
    return MigrationReport(workflow, to_version, dry_run, tuple(moves))


def _migrate_case(env: Env, case_id: int, version: int, state: str, to_version: int) -> Move:
    now = env.clock.now()
    try:
        with env.db.transaction() as tx:
            case, entry = load_case(tx, env, case_id)  # locks the row: no action moves it meanwhile
            version, state = case.spec_version, case.state
            if version >= to_version or entry.spec.state(state).final:
                return Move(case_id, version, state, None, "it moved or finished meanwhile")
            steps, to_state, reason = plan(env, case.workflow, version, state, to_version)
            if to_state is None:
                return Move(case_id, version, state, None, reason)
            _write(tx, env, case, steps, to_state, now)
            return Move(case_id, version, state, to_state)
    except Exception as err:  # noqa: BLE001 - this case stays as it was; the others still move
        log.exception("case %s could not be migrated", case_id)
        return Move(case_id, version, state, None, f"failed: {err}")


def _write(tx: RawTransaction, env: Env, case: CaseState, steps: list[Migration], to_state: str,
           now: datetime) -> None:
    """Move the locked case: its version, state and data, the chained history entry, tasks and timers."""
    from_version, from_state, before = case.spec_version, case.state, case.data
    target = env.registry.get(case.workflow, steps[-1].to_version).spec
    data = copy.deepcopy(before)  # an upgrade may change nested values: the history compares with the old
    for step in steps:
        if step.upgrade_data is not None:
            data = step.upgrade_data(data)
    payload = {"from_version": from_version, "to_version": target.version,
               **{k: v for k, v in writes.changes(before, data, {}).items() if k != "form"}}
    seq = case.version + 1
    case.state, case.data, case.spec_version = to_state, data, target.version
    head = writes.append(tx, env, case, seq, MIGRATE, from_state, SYSTEM_ACTOR, payload, now)
    db = env.db
    if tx.execute(env.sql.update_case, {
            "id": case.id, "old_version": case.version, "state": to_state, "version": seq, "data": db.js(data),
            "now": db.ts(now), "head_hash": head, "title": case.title, **writes.keys(target, data)}).rowcount != 1:
        raise Conflict(case.id, case.version, -1)
    if tx.execute(env.sql.set_spec_version, {"id": case.id, "old": from_version,
                                             "new": target.version}).rowcount != 1:
        raise Conflict(case.id, case.version, -1)
    case.version, case.head_hash = seq, head
    if to_state != from_state:
        tx.execute(env.sql.close_tasks, {"case_id": case.id, "now": db.ts(now), "seq": seq})
        tx.execute(env.sql.obsolete_timers, {"case_id": case.id})
        writes.enter(tx, env, target, case, seq, now)
    readers.write(tx, env, target, case)  # the new version may read its steps differently
    rollups.write(tx, env, target, case, case.fired)
    terms.write(tx, case.id, terms.source(env.registry.get(case.workflow, from_version).spec, case.title, before),
                terms.source(target, case.title, data))
