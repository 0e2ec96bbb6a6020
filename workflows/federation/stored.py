"""The member unions' figures kept in a table (``branch_figures``), so that a federation's view reads a few rows
whatever the size of its branch: one row per union and year (what ``figures.count`` finds for it) and one per
federation and year (the sums over its branch). Derived data, counted again when stale:

- a union without a row (new, or moved under the federation) is counted;
- a union with a case changed since it was counted is counted again (``cases.updated_at``, a few seconds' margin
  for a transaction that committed after the count began);
- rows older than ``[federation] figures_max_age_minutes`` are counted again, because overdue work, expiring
  agreements and terms change with the clock alone, and a congress's check-ins change no case.

A read refreshes what is stale first; the scheduler's sweep refreshes old rows ahead of the reads. Refreshing a
union sums its federations again (each federation on its path)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.store import paths
from engine.store.models import Case, Organisation
from engine.time.calendar import TZ
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress
from workflows.federation.figures import UnionFigures, count
from workflows.federation.models import BranchFigures
from workflows.proposals import services as proposals

table, orgs, cases = BranchFigures.__table__, Organisation.__table__, Case.__table__
UNION, FEDERATION = "union", "federation"
CONGRESS = ("sessions", "held", "closed", "with_secret_ballot", "quorum_met")
PROPOSALS = ("made", "assigned", "answered", "on_time", "rated", "liked")
AGREEMENTS = ("in_force", "expiring", "expired", "under_review", "unfiled", "filing_overdue")
WORK = ("overdue", "supervision")
FLAGS = ("unions", "held_congress", "past_term", "term_ending", "with_term", "with_unfiled")
SUMMED = (*CONGRESS, *PROPOSALS, *AGREEMENTS, *WORK, *FLAGS)
MARGIN = timedelta(seconds=5)  # an action that began before a count and committed after it is still seen
ONE_BY_ONE = 25  # more stale unions than this: the whole branch is counted in one pass
MAX_AGE_MINUTES = 10
OVERDUE_BIT = 1 << 33  # ``rank``: overdue tasks × this, then past the term, then agreements not filed


@dataclass
class Kept:
    """A federation's figures as kept: its sums, how many unions have each flag, when the oldest was counted."""

    federation: services.OrgView
    year: int
    path: str
    total: UnionFigures
    flags: dict[str, int]
    oldest: datetime


def _under(column: sa.ColumnElement[str], path: str) -> sa.ColumnElement[bool]:
    return paths.below(column, path)


def _rank(u: UnionFigures) -> int:
    """``figures.ranked``'s order as one number, smaller first: most overdue work, past its term, unfiled."""
    return -(u.overdue * OVERDUE_BIT + (int(u.past_term) << 32) + min(u.agreements.unfiled, (1 << 32) - 1))


def _row(u: UnionFigures, path: str, year: int, at: datetime) -> dict[str, Any]:
    c, p, a = u.congress, u.proposals, u.agreements
    return {"organisation_id": u.id, "year": year, "kind": UNION, "path": path, "name": u.name,
            "computed_at": at, "oldest": at, "rank": _rank(u), "term_ends_on": u.term_ends_on,
            "kinds": json.dumps({k: n for k, n in a.kinds.items() if n}, ensure_ascii=False),
            **{k: getattr(c, k) for k in CONGRESS}, **{k: getattr(p, k) for k in PROPOSALS},
            **{k: getattr(a, k) for k in AGREEMENTS}, "overdue": u.overdue, "supervision": u.supervision,
            "unions": 1, "held_congress": int(c.held > 0), "past_term": int(u.past_term),
            "term_ending": int(u.term_ending), "with_term": int(u.term_ends_on is not None),
            "with_unfiled": int(a.unfiled > 0)}


def union_figures(row: Any, federation: str = "") -> UnionFigures:
    """A kept row as the figures the pages show (a union's, or a federation's sums)."""
    u = UnionFigures(row.organisation_id, row.name, federation,
                     congress.YearFigures(**{k: row._mapping[k] for k in CONGRESS}),
                     proposals.ProposalFigures(**{k: row._mapping[k] for k in PROPOSALS}),
                     bargaining.AgreementFigures(**{k: row._mapping[k] for k in AGREEMENTS},
                                                 kinds=json.loads(row.kinds or "{}")),
                     row.overdue, row.supervision, past_term=bool(row.past_term),
                     term_ending=bool(row.term_ending), term_ends=row.term_ends_on)
    return u


def _upsert(env: services.Env) -> Any:
    if env.db.sqlite:
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table)
    keep = [c.name for c in table.c if c.name not in ("organisation_id", "year")]
    return stmt.on_conflict_do_update(index_elements=["organisation_id", "year"],
                                      set_={name: stmt.excluded[name] for name in keep})


# -- counting ------------------------------------------------------------------------------------------------------
def refresh(env: services.Env, top: services.OrgView, year: int, unions: Iterable[int] | None = None) -> int:
    """Count again the unions of ``top``'s branch (``unions``: only these), then sum every federation on their
    paths; how many unions were counted."""
    at = env.clock.now()
    wanted = None if unions is None else sorted(set(unions))
    if wanted is not None and len(wanted) > ONE_BY_ONE:
        wanted = None
    if wanted is None:
        found = count(env, top, year).unions
    else:
        found = [u for union_id in wanted for u in count(env, top, year, only=union_id).unions]
    if not found:
        return 0
    with env.db.read() as conn:
        paths = dict(conn.execute(sa.select(orgs.c.id, orgs.c.path).where(
            orgs.c.id.in_([u.id for u in found]))).all()) if wanted is not None else _paths_below(conn, top.id)
    rows = [_row(u, paths[u.id], year, at) for u in found if u.id in paths]
    with env.db.write() as conn:
        for start in range(0, len(rows), 500):
            conn.execute(_upsert(env), rows[start:start + 500])
        _sum(conn, env, {int(part) for r in rows for part in r["path"].strip("/").split("/")[:-1]}, year, at)
    return len(rows)


def _paths_below(conn: sa.Connection, top_id: int) -> dict[int, str]:
    path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == top_id)).scalar_one()
    return dict(conn.execute(sa.select(orgs.c.id, orgs.c.path).where(_under(orgs.c.path, path),
                                                                        orgs.c.kind == UNION)).all())


def _sum(conn: sa.Connection, env: services.Env, federations: set[int], year: int, at: datetime) -> None:
    """Each federation's row: the sums over the union rows below it."""
    t = table.c
    found = conn.execute(sa.select(orgs.c.id, orgs.c.name, orgs.c.path).where(
        orgs.c.id.in_(sorted(federations)), orgs.c.kind == FEDERATION)).all()
    rows = []
    for fid, name, path in found:
        below = [t.year == year, t.kind == UNION, _under(t.path, path)]
        sums = conn.execute(sa.select(*[sa.func.coalesce(sa.func.sum(t[k]), 0) for k in SUMMED],
                                      sa.func.min(t.computed_at)).where(*below)).one()
        kinds: dict[str, int] = {}
        for (text,) in conn.execute(sa.select(t.kinds).where(*below, t.kinds != "{}")):
            for kind, n in json.loads(text).items():
                kinds[kind] = kinds.get(kind, 0) + n
        rows.append({"organisation_id": fid, "year": year, "kind": FEDERATION, "path": path, "name": name,
                     "computed_at": at, "oldest": sums[-1] or at, "rank": 0, "term_ends_on": None,
                     "kinds": json.dumps(kinds, ensure_ascii=False), **dict(zip(SUMMED, sums[:-1], strict=True))})
    if rows:
        conn.execute(_upsert(env), rows)


# -- what is stale -------------------------------------------------------------------------------------------------
def max_age_minutes(env: services.Env) -> int:
    """``[federation] figures_max_age_minutes``: every union's figures are counted again at least this often."""
    return int(env.registry.policies.get("federation_figures_max_age", MAX_AGE_MINUTES))


def _max_age(env: services.Env) -> timedelta:
    return timedelta(minutes=max_age_minutes(env))


def _statements() -> dict[str, Any]:
    """The read path's statements, built once (a select of this width costs more to build than to run)."""
    t, p = table.c, sa.bindparam
    below = [t.year == p("year"), t.kind == UNION, t.path >= p("low"), t.path < p("high")]
    union, parent = orgs.alias("union_org"), orgs.alias("parent")

    def page(*extra: Any) -> Any:
        chosen = (sa.select(table).where(*below, *extra).order_by(t.rank, t.name, t.organisation_id)
                  .offset(p("offset")).limit(p("limit")).subquery("page"))
        return (sa.select(chosen, union.c.name.label("current_name"), parent.c.name.label("parent_name"))
                .join(union, union.c.id == chosen.c.organisation_id)
                .outerjoin(parent, parent.c.id == union.c.parent_id)
                .order_by(chosen.c.rank, chosen.c.name, chosen.c.organisation_id))

    return {
        "top": sa.select(orgs.c.path, table).select_from(orgs.outerjoin(table, sa.and_(
            t.organisation_id == orgs.c.id, t.year == p("year"), t.kind == FEDERATION))).where(orgs.c.id == p("id")),
        "unions": sa.select(sa.func.count()).where(orgs.c.kind == UNION, orgs.c.path >= p("low"),
                                                   orgs.c.path < p("high")),
        # rank holds overdue work in its high bits: a range of the index, not a filter over every union
        "page": page(), "overdue": page(t.rank <= -OVERDUE_BIT),
    }


STATEMENTS = _statements()


def _bounds(path: str) -> dict[str, str]:
    return {"low": path, "high": path[:-1] + "0"}


def _stale(conn: sa.Connection, env: services.Env, top_id: int, year: int) -> tuple[Any, bool, set[int]]:
    """The federation's path and kept row; whether its sums are missing or wrong in number; the unions of its
    branch to count again: without a row, counted too long ago, or with a case changed since they were counted."""
    t, now = table.c, env.clock.now()
    row = conn.execute(STATEMENTS["top"], {"id": top_id, "year": year}).one()
    unions = conn.execute(STATEMENTS["unions"], _bounds(row.path)).scalar_one()
    if row.unions is None or row.unions != unions:
        missing = conn.execute(sa.select(orgs.c.id).where(
            orgs.c.kind == UNION, _under(orgs.c.path, row.path),
            ~sa.exists().where(t.organisation_id == orgs.c.id, t.year == year, t.path == orgs.c.path))
        ).scalars().all()
        return row, True, set(missing)
    found: set[int] = set()
    if row.oldest < now - _max_age(env):
        found |= set(conn.execute(sa.select(t.organisation_id).where(
            t.year == year, t.kind == UNION, _under(t.path, row.path),
            t.computed_at < now - _max_age(env))).scalars())
    return row, False, found | _changed(conn, env, row.path, year, row.oldest - MARGIN)


def _changed(conn: sa.Connection, env: services.Env, path: str, year: int, since: datetime) -> set[int]:
    """The unions of the branch with a case changed after they were counted (less the margin)."""
    c, t = cases.c, table.c
    workflows = sorted({entry.spec.name for entry in env.registry})
    latest = dict(conn.execute(sa.select(c.organisation_id, sa.func.max(c.updated_at)).where(
        c.workflow.in_(workflows), c.updated_at > since).group_by(c.organisation_id)).all())
    if not latest:
        return set()
    where = dict(conn.execute(sa.select(orgs.c.id, orgs.c.path).where(orgs.c.id.in_(sorted(latest)),
                                                                      _under(orgs.c.path, path))).all())
    ancestors = {int(part) for p in where.values() for part in p.strip("/").split("/")}
    counted = dict(conn.execute(sa.select(t.organisation_id, t.computed_at).where(
        t.year == year, t.kind == UNION, t.organisation_id.in_(sorted(ancestors)))).all())
    found = set()
    for org_id, org_path in where.items():
        union = next((int(p) for p in reversed(org_path.strip("/").split("/")) if int(p) in counted), None)
        if union is not None and latest[org_id] > counted[union] - MARGIN:
            found.add(union)
    return found


Slice = tuple[int, int, bool]  # offset, limit, only the unions with overdue work


def view(env: services.Env, top: services.OrgView, year: int, slices: Sequence[Slice] = ()
         ) -> tuple[Kept, list[list[UnionFigures]]]:
    """The federation's sums for ``year`` and the slices of its unions asked for (those needing attention first,
    each with the name of the federation it sits directly under), after counting again what is stale. When nothing
    is, one connection and a few statements."""
    with env.db.read() as conn:
        row, again, unions = _stale(conn, env, top.id, year)
        if not (again or unions):
            return _kept(top, year, row), [_slice(conn, row.path, year, s) for s in slices]
    # Counted on the primary and read back from it: a replica may not hold the rows just written yet.
    with services.primary_reads():
        if again:  # unions moved or founded: rows whose union is no longer there go, then the sums are made again
            with env.db.write() as conn:
                _drop_gone(conn, row.path, year)
                if not unions:
                    _sum(conn, env, {top.id}, year, env.clock.now())
        if unions:
            refresh(env, top, year, unions)
        with env.db.read() as conn:
            row = conn.execute(STATEMENTS["top"], {"id": top.id, "year": year}).one()
            return _kept(top, year, row), [_slice(conn, row.path, year, s) for s in slices]


def _drop_gone(conn: sa.Connection, path: str, year: int) -> None:
    """Drop the union rows of the branch whose organisation has moved elsewhere (or is no longer a union)."""
    t = table.c
    here = sa.select(orgs.c.id).where(orgs.c.id == t.organisation_id, orgs.c.path == t.path, orgs.c.kind == UNION)
    conn.execute(table.delete().where(t.year == year, t.kind == UNION, _under(t.path, path), ~sa.exists(here)))


def _kept(top: services.OrgView, year: int, row: Any) -> Kept:
    return Kept(top, year, row.path, union_figures(row), {k: row._mapping[k] for k in FLAGS}, row.oldest)


def _slice(conn: sa.Connection, path: str, year: int, chosen: Slice) -> list[UnionFigures]:
    offset, limit, only_overdue = chosen
    rows = conn.execute(STATEMENTS["overdue" if only_overdue else "page"],
                        {"year": year, **_bounds(path), "offset": offset, "limit": limit}).all()
    found = []
    for row in rows:
        u = union_figures(row, row.parent_name or "")
        u.name = row.current_name
        found.append(u)
    return found


def refresh_old(env: services.Env) -> int:
    """The scheduler's sweep: the kept figures of the current year counted again where older than half the
    maximum age, the widest branches first, each federation at most once; how many unions were counted."""
    t, now = table.c, env.clock.now()
    year, limit, done, seen = now.astimezone(TZ).year, now - _max_age(env) / 2, 0, set()
    while True:
        with env.db.read() as conn:
            row = conn.execute(sa.select(t.organisation_id, t.path).where(
                t.year == year, t.kind == FEDERATION, t.oldest < limit,
                *([t.organisation_id.not_in(sorted(seen))] if seen else []))
                .order_by(sa.func.length(t.path), t.organisation_id).limit(1)).first()
            if row is None:
                return done
            old = conn.execute(sa.select(t.organisation_id).where(
                t.year == year, t.kind == UNION, _under(t.path, row.path), t.computed_at < limit)).scalars().all()
        seen.add(row.organisation_id)
        try:
            top = services.get_organisation(env, row.organisation_id)
        except services.NotFound:
            continue
        done += refresh(env, top, year, old)
        with env.db.write() as conn:
            _sum(conn, env, {top.id}, year, env.clock.now())
