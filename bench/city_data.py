"""A city's unions for bench/federation.py: the federations made through the engine, one enterprise union made
through the engine and its workflows (a congress with its roster, proposals at several steps, a collective
contract filed), then that union copied in SQL to every enterprise of the city.

The copy is generic over the schema: every table's rows that belong to the template (ids in the range the
template's build took, or rows whose foreign keys point there) are inserted again once per copy with their ids and
their references into the template shifted, by one ``INSERT … SELECT … CROSS JOIN generate_series`` per table and
batch; references outside the template (the city, the session's shared rows) stay as they are. An organisation's
``path`` is rebuilt under the street union it is copied to; usernames get the copy's number. Ids in JSON case data
(a session, co-signers) keep pointing at the template's: the counts a federation reads are the copies' own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.store.models import Base
from workflows import TABLES  # noqa: F401 - every domain's tables on the shared metadata

DISTRICTS = ("天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市")
INDUSTRIES = ("机械冶金", "纺织服装", "建设建材", "商贸旅游")
STREETS_PER_SECOND_LEVEL = 12
FEDERATIONS = 1 + len(DISTRICTS) + len(INDUSTRIES) + (len(DISTRICTS) + len(INDUSTRIES)) * STREETS_PER_SECOND_LEVEL
FEDERATION_OFFICE = "federation_office"
PROPOSAL_STEPS = ("draft", "submitted", "submitted", "accepted", "accepted", "assigned", "assigned", "assigned")
Log = Callable[[str], None]


@dataclass
class City:
    """What the builder made: the federations by level, their staff, the template union and its people."""

    city: int = 0
    seconds: list[int] = field(default_factory=list)  # districts and industry unions
    streets: list[int] = field(default_factory=list)
    staff: dict[int, int] = field(default_factory=dict)  # federation id → its federation_office user
    template: int = 0
    unions: int = 0  # enterprise unions, the template and its copies
    people: Any = None
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)


def federations(env: Env) -> City:
    """The city federation, six districts and four industry unions, twelve street or township unions each."""
    c = City()
    c.city = services.create_organisation(env, "常州市总工会", "federation")
    for n, name in enumerate((*[f"{d}总工会" for d in DISTRICTS], *[f"市{i}产业工会" for i in INDUSTRIES])):
        second = services.create_organisation(env, name, "federation", c.city)
        c.seconds.append(second)
        for k in range(STREETS_PER_SECOND_LEVEL):
            kind = "街道" if n < len(DISTRICTS) else "片区"
            c.streets.append(services.create_organisation(env, f"{name[:-3]}第{k + 1}{kind}总工会", "federation",
                                                          second))
    for i, org in enumerate((c.city, *c.seconds, c.streets[0])):
        user = services.create_user(env, f"fed{i:03d}", f"总工会干部{i:03d}")
        services.grant_role(env, user, org, FEDERATION_OFFICE)
        c.staff[org] = user
    return c


def _maxima(conn: sa.Connection) -> dict[str, int]:
    found = {}
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and isinstance(table.c.id.type, sa.Integer):
            found[table.name] = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    return found


def template_union(env: Env, c: City, log: Log, members: int = 89) -> None:
    """The enterprise union every other is copied from, made through the workflows as the tests make theirs."""
    from support.bargaining import Bargaining  # the tests' union: congress, roster, employer side
    from support.web import start_proposal

    with env.db.read() as conn:
        before = _maxima(conn)
    u = Bargaining(env, size=30)
    # Under the first street union, as if created there.
    with env.db.write() as conn:
        prefix = conn.execute(sa.text("SELECT path FROM organisations WHERE id = :s"), {"s": c.streets[0]}).scalar()
        conn.execute(sa.text("UPDATE organisations SET parent_id = :s WHERE id = :u"),
                     {"s": c.streets[0], "u": u.union})
        conn.execute(sa.text("UPDATE organisations SET path = :prefix || substr(path, 2) WHERE path LIKE :own"),
                     {"prefix": prefix, "own": f"/{u.union}/%"})
    for step in PROPOSAL_STEPS:
        _proposal(env, u, step, start_proposal)
    agreement = u.start(u.office)
    u.negotiate(agreement)
    u.agree(agreement)
    _domains(env, c, u, members, log)
    env.clock.set(env.clock.now() + timedelta(days=1))  # type: ignore[attr-defined]
    with env.db.read() as conn:
        after = _maxima(conn)
    c.template, c.people, c.unions = u.union, u, 1
    c.ranges = {t: (before[t] + 1, after[t]) for t in after if after[t] > before[t]}
    log(f"template union {u.union}: " + ", ".join(f"{t} {hi - lo + 1}" for t, (lo, hi) in sorted(c.ranges.items())))


def _domains(env: Env, c: City, u: Any, members: int, log: Log) -> None:
    """What the merged domains keep of a union: its member register, its committee's term, the year's return
    accepted by its street union (each only when that domain is in this tree)."""
    today = env.clock.now().date()
    try:
        from workflows.members import memberships
    except ImportError:
        log("  no member register in this tree: no members")
    else:
        rng = random.Random(20261207)
        rows = [{"union_id": u.union, "number": f"2026{n:05d}", "name": f"会员{n:05d}",
                 "gender": "female" if rng.random() < 0.45 else "male", "birth_date": date(1985, 1, 1),
                 "id_last4": f"{rng.randint(0, 9999):04d}", "phone": None, "workplace": "生产部",
                 "joined_on": today - timedelta(days=rng.randint(30, 7000)), "joined_how": "import",
                 "person": f"{rng.getrandbits(64):016x}"} for n in range(1, members + 1)]
        with env.db.write() as conn:
            memberships.add_rows(conn, rows, env.clock.now())
            conn.execute(memberships.sequences.insert().values(union_id=u.union, last=members))
    try:
        from workflows.elections import services as elections
    except ImportError:
        log("  no committee terms in this tree")
    else:
        elections.record_term(env, u.union, date(2024, 6, 18), 5, approved_on=date(2024, 6, 30))
    try:
        from workflows.returns import services as returns
    except ImportError:
        log("  no statistical returns in this tree")
    else:
        case_id = returns.start_return(env, Actor(u.office), u.union, today.year)
        for who, trigger in ((u.office, "submit"), (c.staff[c.streets[0]], "accept")):
            version = services.case_view(env, Actor(who), case_id).version
            services.fire(env, Actor(who), case_id, trigger, None, expected_version=version)


def _proposal(env: Env, u: Any, step: str, start: Callable[..., int]) -> None:
    case_id = start(env, u)
    if step == "draft":
        return
    services.fire(env, Actor(u.rep1), case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    services.fire(env, Actor(u.rep2), case_id, "co_sign")
    services.fire(env, Actor(u.rep3), case_id, "co_sign")
    if step == "submitted":
        return
    services.fire(env, Actor(u.committee), case_id, "accept", {"comment": "符合立案条件"})
    if step == "accepted":
        return
    services.fire(env, Actor(u.leader), case_id, "endorse", {"instruction": "请抓紧办理"})
    services.fire(env, Actor(u.committee), case_id, "assign", {"lead_department": u.logistics,
                                                               "due_date": "2026-12-23"})


def _references(table: sa.Table) -> dict[str, str]:
    """Column → the table it references, for single-column foreign keys."""
    return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}


def copy_unions(env: Env, c: City, copies: int, log: Log, batch: int = 500) -> None:
    """``copies`` more enterprise unions like the template, spread over the street unions in turn."""
    if env.db.sqlite:
        raise SystemExit("the city is copied with PostgreSQL's generate_series")
    ranges = c.ranges
    done = 0
    started = time.perf_counter()
    with env.db.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TEMPORARY TABLE city_streets (n int PRIMARY KEY, id int, path text)")
        rows = conn.execute(sa.text("SELECT id, path FROM organisations WHERE id = ANY(:ids) ORDER BY id"),
                            {"ids": c.streets}).all()
        conn.execute(sa.text("INSERT INTO city_streets VALUES (:n, :id, :path)"),
                     [{"n": n, "id": r.id, "path": r.path} for n, r in enumerate(rows)])
        conn.commit()
        while done < copies:
            k = min(batch, copies - done)
            shift = {}
            for name, (lo, hi) in ranges.items():  # the copies of this batch follow the table's newest row
                top = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {name}").scalar_one()
                shift[name] = (lo, hi, top - lo + 1, hi - lo + 1)
            for table in Base.metadata.sorted_tables:
                _copy_table(conn, table, shift, k, c.unions + done, len(rows), c.template)
            conn.commit()
            done += k
            log(f"  {c.unions + done} enterprise unions ({time.perf_counter() - started:.0f} s)")
        for name in ranges:
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                 f"(SELECT max(id) FROM {name}))")
        conn.commit()
    c.unions += copies


def _shifted(column: str, target: str, shift: dict[str, tuple[int, int, int, int]]) -> str:
    lo, hi, base, span = shift[target]
    return f"CASE WHEN t.{column} BETWEEN {lo} AND {hi} THEN t.{column} + {base} + (g - 1) * {span} ELSE t.{column} END"


def _copy_table(conn: sa.Connection, table: sa.Table, shift: dict[str, tuple[int, int, int, int]], k: int,
                first: int, streets: int, template: int) -> None:
    refs = {col: target for col, target in _references(table).items() if target in shift}
    own = table.name in shift
    if not own and not refs:
        return
    if not own and not any(c.name in refs for c in table.primary_key.columns):
        return  # its key would repeat (a ballot's random vote key, a counter's name): not copied
    columns, values = [], []
    for col in table.c:
        if col.name == "id" and own:
            value = _shifted("id", table.name, shift)
        elif col.name in refs:
            value = _shifted(col.name, refs[col.name], shift)
        else:
            value = f"t.{col.name}"
        columns.append(col.name)
        values.append(value)
    if table.name == "users":
        values[columns.index("username")] = f"t.username || '.' || ({first} + g)"
    if table.name == "members":  # one person is on one register at a time: each copy is other people
        values[columns.index("person")] = f"substr(md5(t.person || '.' || ({first} + g)), 1, 16)"
    if table.name == "organisations":
        lo, hi, base, span = shift["organisations"]
        new_root = f"({template} + {base} + (g - 1) * {span})"
        values[columns.index("name")] = (f"CASE WHEN t.id = {template} THEN '第' || ({first} + g) || '号' ELSE '' END"
                                         " || t.name")
        values[columns.index("parent_id")] = (f"CASE WHEN t.id = {template} THEN s.id ELSE "
                                              f"{_shifted('parent_id', 'organisations', shift)} END")
        # the template's path below its street union, each id shifted: /…/street/union/dept/
        values[columns.index("path")] = (
            f"s.path || {new_root} || '/' || CASE WHEN t.id = {template} THEN '' ELSE "
            f"(t.id + {base} + (g - 1) * {span})::text || '/' END")
    if own:
        lo, hi = shift[table.name][:2]
        where = f"t.id BETWEEN {lo} AND {hi}"
    else:
        where = " OR ".join(f"t.{col} BETWEEN {shift[target][0]} AND {shift[target][1]}"
                            for col, target in refs.items())
    join = (f" JOIN city_streets s ON s.n = mod({first} + g, {streets})" if table.name == "organisations" else "")
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table.name} t CROSS JOIN generate_series(1, {k}) g{join} WHERE {where} ORDER BY g, t.id"
        if "id" in table.c else
        f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table.name} t CROSS JOIN generate_series(1, {k}) g{join} WHERE {where}")
