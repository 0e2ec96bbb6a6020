"""The ``[proposal]`` config table: a union's numbers, reminders and categories for congress proposals."""

from __future__ import annotations

from typing import Any

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator, model_validator

from config import Section, declare_section
from engine.core.period_settings import PeriodOrNone, Periods
from engine.core.spec import Period
from workflows.proposals.spec import CATEGORIES


def _period(text: Any) -> Period:
    return text if isinstance(text, Period) else Period.parse(text)  # "3 workdays", "0 days", "48 hours"


class ProposalTable(Section):
    """What ``Policy`` is built from; each proposal records the rules it started under."""

    min_co_signers: NonNegativeInt = 2
    endorsement: bool = True
    handling_days: PositiveInt = 30
    rehandle_limit: NonNegativeInt = 1
    reminders: Periods = (Period(3, "workdays"), Period(0, "days"))
    overdue_repeat: PeriodOrNone = Period(3, "workdays")
    # Local practice, not national law: the committee reviews within review_workdays working days after
    # collection closes; the proposer rates within rating_days days of the answer (else 未评价); an answer
    # classed 列入计划 or 暂不能解决 without a date of its own is followed up follow_up_days days later.
    review_workdays: PositiveInt = 15
    rating_days: PositiveInt = 15
    follow_up_days: PositiveInt = 90
    categories: tuple[str, ...] = tuple(CATEGORIES)
    # Names for categories of a union's own: {canteen = ["食堂管理", "Canteen"]}
    category_names: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("category_names")
    @classmethod
    def _names(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        wrong = sorted(key for key, names in value.items() if not 1 <= len(names) <= 2)
        if wrong:
            raise ValueError(f'{", ".join(wrong)}: give ["中文"] or ["中文", "English"]')
        return value

    @model_validator(mode="after")
    def _known_categories(self) -> ProposalTable:
        unknown = [c for c in self.categories if c not in CATEGORIES and c not in self.category_names]
        if unknown:
            raise ValueError(f"categories: unknown categories {unknown}; name a category of your own in category_names")
        return self


declare_section("proposal", ProposalTable)
