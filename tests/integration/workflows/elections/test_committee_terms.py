"""The committee terms table on both backends: each union's running term read in one query (fast for thousands
of unions), a new term ending the one before it, and the dates a term runs out on."""

from __future__ import annotations

import time
from datetime import date

import sqlalchemy as sa

from engine import services
from workflows.elections import services as elections
from workflows.elections.models import CommitteeTermRow


def test_a_new_term_ends_the_one_before_and_is_the_one_read(env, people):
    elections.record_term(env, people.union, date(2019, 6, 1), 5, approved_on=date(2019, 6, 20))
    elections.record_term(env, people.union, date(2024, 5, 28), 3, approved_on=None)
    terms = elections.committee_terms(env, [people.union, people.federation])
    assert set(terms) == {people.union}  # the federation has no committee term recorded
    term = terms[people.union]
    assert (term.elected_on, term.term_years, term.ends_on, term.approved) == (
        date(2024, 5, 28), 3, date(2027, 5, 28), False)
    assert not term.past_term(date(2027, 5, 27)) and term.past_term(date(2027, 5, 28))
    assert term.ends_within(date(2027, 1, 1), 6) and not term.ends_within(date(2026, 11, 1), 6)
    with env.db.read() as conn:
        ended = conn.execute(sa.select(CommitteeTermRow.__table__.c.ended_on)
                             .where(CommitteeTermRow.__table__.c.elected_on == date(2019, 6, 1))).scalar_one()
    assert ended == date(2024, 5, 28)


def test_a_term_elected_on_29_february_runs_out_on_28_february():
    assert elections.add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert elections.add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)


def test_eight_thousand_unions_are_read_in_one_quick_query(env, people):
    ids = [services.create_organisation(env, f"工会{i}", "union", people.federation) for i in range(20)]
    table = CommitteeTermRow.__table__  # 8,000 ended terms before the running ones
    with env.db.write() as conn:
        conn.execute(sa.insert(table), [{"union_id": ids[i % 20], "elected_on": date(2020, 1, 1 + i % 28),
                                         "term_years": 5, "ends_on": date(2025, 1, 1), "approved_on": None,
                                         "case_id": None, "ended_on": date(2025, 1, 1)} for i in range(8000)])
    for i, union in enumerate(ids):
        elections.record_term(env, union, date(2025, 1, 1 + i), 5, approved_on=date(2025, 2, 1))
    wanted = ids + list(range(100000, 108000))  # 8,020 ids asked for, most of them with no term
    started = time.perf_counter()
    terms = elections.committee_terms(env, wanted)
    assert time.perf_counter() - started < 0.5
    assert len(terms) == 20 and terms[ids[3]].elected_on == date(2025, 1, 4)
    assert elections.committee_terms(env, []) == {}
