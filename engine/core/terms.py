"""Search terms: the words of a case's texts and its key values, kept in ``case_terms`` by every action in its own
transaction, so that a search by words starts from the few cases that hold them instead of reading a list.

A term is a number. Each run of a text (split at white space, case-folded character by character) gives each pair
of neighbouring characters as ``first << 21 | second`` and its last character alone as ``last << 21``: a word of
two characters or more is found through its pairs (Chinese has no spaces, so pairs of characters serve its
words; Latin words too), a single character through the range of terms it starts. The values of the workflow's
key columns are terms too (a hash above the characters' range), so that words and a key filter (a department)
meet on the index. Terms only narrow: the search still checks every case it returns with LIKE, as it did without
them, so it finds exactly the same cases."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core.spec import WorkflowSpec
from engine.store.database import Prepared, RawTransaction
from engine.store.statements import StatementSet
from engine.store.term_tables import CaseTerm

terms_table = CaseTerm.__table__
BITS = 21  # a character's code point fits in 21 bits: a pair in 42
SPACE = re.compile(r"\s+")
WILD = re.compile(r"[\s%_\\]+")  # a query's runs: LIKE's wildcards and its escape match more than themselves
CAP = 5000  # a term's cases are counted up to this; a term with more does not start a search
FEW = 500  # cases that may match, looked up one by one; more: the list is read in its order instead
MAX_TERMS = 6  # the pairs of a long query a search intersects (LIKE checks the rest)

Source = tuple[str, str, tuple[str | None, ...], tuple[str | None, ...]]  # workflow, title, texts, key values


def fold(text: str) -> str:
    """Lower case, character by character (the same for a text and a query, whatever surrounds a letter)."""
    return "".join(map(str.lower, text))


def _words(text: str, found: set[int]) -> None:
    for run in SPACE.split(fold(text)):
        if run:
            codes = [ord(ch) for ch in run]
            found.update(a << BITS | b for a, b in zip(codes, codes[1:], strict=False))
            found.add(codes[-1] << BITS)


def key_term(workflow: str, place: int, value: str) -> int:
    """The term of a key column's value (a 40-bit hash of it, above every pair of characters)."""
    digest = hashlib.blake2b(f"{workflow}\x1f{place}\x1f{value}".encode(), digest_size=5).digest()
    return (8 + place) << 40 | int.from_bytes(digest, "big")


def _key(value: Any) -> str | None:
    """A key column's value, as ``writes.keys`` stores it (a text or a number; nothing else is indexed)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    return None


def source(spec: WorkflowSpec, title: str, data: dict[str, Any]) -> Source:
    """What a case's terms are made of: its title, its searchable texts (text values) and its key columns."""
    texts = tuple(v if isinstance(v := data.get(k), str) else None for k in spec.searchable)
    return spec.name, title or "", texts, tuple(_key(data.get(k)) for k in spec.indexed)


def of(src: Source) -> set[int]:
    """The terms of a case."""
    workflow, title, texts, keys = src
    found: set[int] = set()
    for text in (title, *texts):
        if text:
            _words(text, found)
    found.update(key_term(workflow, n, v) for n, v in enumerate(keys, start=1) if v is not None)
    return found


class TermStatements(StatementSet):
    """The statements that keep a case's terms."""

    @cached_property
    def insert(self) -> Prepared:
        if self.db.sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        return self._prep(insert(terms_table).values(term=p("term"), case_id=p("case_id")).on_conflict_do_nothing())

    @cached_property
    def delete(self) -> Prepared:
        t = terms_table.c
        return self._prep(terms_table.delete().where(t.term == p("term"), t.case_id == p("case_id")))


def write(tx: RawTransaction, case_id: int, before: Source | None, after: Source) -> None:
    """Keep the case's terms (in the action's transaction): only those its texts or keys gained or lost are
    written, so an action that changes neither writes nothing. ``before`` None: the case has none yet."""
    if before == after:
        return
    new, old = of(after), of(before) if before is not None else set()
    sql = TermStatements.of(tx.db)
    tx.executemany(sql.delete, [{"term": t, "case_id": case_id} for t in sorted(old - new)])
    tx.executemany(sql.insert, [{"term": t, "case_id": case_id} for t in sorted(new - old)])


# -- searching -------------------------------------------------------------------------------------------------
def query_terms(text: str) -> tuple[list[int], list[int]]:
    """The pairs every case the query matches holds, and the single characters (a run of one) it holds."""
    pairs: list[int] = []
    singles: list[int] = []
    for run in WILD.split(fold(text)):
        codes = [ord(ch) for ch in run]
        if len(codes) == 1:
            singles.append(codes[0])
        pairs += [a << BITS | b for a, b in zip(codes, codes[1:], strict=False)]
    return list(dict.fromkeys(pairs)), list(dict.fromkeys(singles))


def _spread(items: list[int], n: int) -> list[int]:
    if len(items) <= n:
        return items
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def _has(term: int, case_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """The case holds the term (SQLite reads the term's cases once, then looks each case up among them)."""
    t = terms_table.alias(f"t{term}")
    return case_id.in_(sa.select(t.c.case_id).where(t.c.term == term))


def narrow(conn: sa.Connection, text: str, keys: Sequence[int]) -> list[int] | None:
    """The only cases a search for ``text`` (and the key terms of its filters) may find, when few hold every term;
    None when many do (or the query has no character LIKE takes as itself): the list is then read in its order.
    Each term's cases are counted up to ``CAP``; the rarest starts, the others (pairs and keys) are looked up
    beside it, and at most ``FEW`` + 1 cases are read: bounded work whatever the number of cases."""
    pairs, singles = query_terms(text)
    if not pairs and not singles:
        return None
    t = terms_table.c
    ranges = [(term, term) for term in (*_spread(pairs, MAX_TERMS), *keys)]
    ranges += [(ch << BITS, ((ch + 1) << BITS) - 1) for ch in singles[:2]]
    # One term alone starts a search only when few hold it: counting past FEW + 1 would tell nothing more.
    cap = FEW + 1 if len(ranges) == 1 else CAP
    counts = conn.execute(sa.select(*[
        sa.select(sa.func.count()).select_from(
            sa.select(t.term).where(t.term.between(lo, hi)).limit(cap).subquery()).scalar_subquery()
        for lo, hi in ranges])).one()
    ordered = sorted(zip(counts, ranges, strict=True))
    (least, (lo, hi)), rest = ordered[0], [other for n, (other, high) in ordered[1:] if other == high and n < CAP]
    if least >= cap or (least > FEW and not rest):  # too many cases hold every term: read the list
        return None
    start = sa.select(t.case_id).where(t.term.between(lo, hi), *[_has(other, t.case_id) for other in rest])
    found = list(conn.execute((start.distinct() if lo != hi else start).limit(FEW + 1)).scalars())
    return None if len(found) > FEW else found


def fill(conn: sa.Connection, searchable: dict[str, tuple[str, ...]], batch: int = 500) -> int:
    """Write the terms of every case (a database from before they were kept), a batch of cases at a time, from
    its title, the texts of the keys ``searchable`` names for its workflow and its key columns. Used by the
    migration that created the table; returns how many cases it filled."""
    c = sa.table("cases", sa.column("id"), sa.column("workflow"), sa.column("title"), sa.column("data", sa.JSON),
                 sa.column("key1"), sa.column("key2"), sa.column("key3"))
    last, filled = 0, 0
    while True:
        rows = conn.execute(sa.select(c).where(c.c.id > last).order_by(c.c.id).limit(batch)).all()
        if not rows:
            return filled
        last = rows[-1].id
        found = []
        for row in rows:
            data = row.data if isinstance(row.data, dict) else {}
            texts = tuple(v if isinstance(v := data.get(k), str) else None for k in searchable.get(row.workflow, ()))
            src = (row.workflow, row.title or "", texts, (row.key1, row.key2, row.key3))
            found += [{"term": term, "case_id": row.id} for term in sorted(of(src))]
        conn.execute(terms_table.insert(), found)
        filled += len(rows)
