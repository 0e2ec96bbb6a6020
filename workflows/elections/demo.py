"""The demo's committee terms: the demo union elected two years ago for five years; of the district's member
unions 金鼎建材 is months past its term, 湖塘物流's runs out within six months, the others are well within."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from engine import services
from workflows.elections.committee import add_months, add_years, record_term

if TYPE_CHECKING:
    from workflows.demo import People

# key → (elected how many months before today, term in years); "union" is the demo's own union.
TERMS = {
    "union": (24, 5),
    "hengda": (14, 5),
    "xinyang": (20, 3),
    "mingyuan": (7, 5),
    "jinding": (40, 3),  # ran out four months ago: its election is under way
    "hutang": (56, 5),  # runs out in four months: the six-month reminder has gone out
}
APPROVED_AFTER = timedelta(days=18)  # the higher union's approval came some weeks after the election


def terms(env: services.Env, p: People, today: date) -> dict[str, int]:
    """Record each union's running term (and the one before it for the demo union); key → term id."""
    made: dict[str, int] = {}
    unions = {"union": p.union, **p.federation.unions}
    for key, (months, years) in TERMS.items():
        elected = add_months(today, -months)
        if key == "union":  # the committee before it, elected five years before and ended by this election
            before = add_years(elected, -5)
            record_term(env, p.union, before, 5, approved_on=before + APPROVED_AFTER)
        made[key] = record_term(env, unions[key], elected, years, approved_on=elected + APPROVED_AFTER)
    return made
