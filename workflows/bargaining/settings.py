"""The ``[bargaining]`` config table: the periods of 《集体合同规定》 and 《工资集体协商试行办法》 a union may set."""

from __future__ import annotations

import re

from pydantic import PositiveInt, ValidationInfo, field_validator

from config import Section, declare_section
from workflows.bargaining.kinds import KINDS, SAFETY, WAGE, WOMEN, within

# The law's bounds: (least, most, article); config beyond them is refused at start-up, naming the article. A
# union may shorten its own duties (filing, publication, the longest term) and wait longer for the other side's
# reply, but the review period and the renewal windows are the law's own. The per-kind bounds come from the
# kinds table (``workflows.bargaining.kinds``).
BOUNDS: dict[str, tuple[int | None, int | None, str]] = {
    "reply_days": (20, None, "《集体合同规定》 art. 32"),
    "effect_days": (15, 15, "《集体合同规定》 art. 47; 《工资集体协商试行办法》 art. 22"),
    "min_negotiators": (3, None, "《集体合同规定》 art. 19"),
    "renewal_months": (3, 3, "《集体合同规定》 art. 38 para. 2"),
    "wage_renewal_days": (60, 60, "《工资集体协商试行办法》 art. 24"),
    "max_term_years": (None, 3, "《集体合同规定》 art. 38 para. 1"),
    "coordination_days": (30, 30, "《集体合同规定》 art. 53"),
    "coordination_extension_days": (None, 15, "《集体合同规定》 art. 53"),
    **{f"filing_days.{code}": (k.filing_days.least, k.filing_days.most, k.filing_days.source)
       for code, k in KINDS.items()},
    **{f"publication_days.{code}": (k.publication_days.least, k.publication_days.most, k.publication_days.source)
       for code, k in KINDS.items()},
}


def _within(key: str, value: int) -> int:
    return within(key, value, *BOUNDS[key])


class FilingDays(Section):
    """``[bargaining.filing_days]``: days to file a signed contract with the labour administration, per kind."""

    collective_contract: PositiveInt = 10  # 《集体合同规定》 art. 42
    wage_agreement: PositiveInt = KINDS[WAGE].filing_days.default  # 《工资集体协商试行办法》 art. 21
    women_protection: PositiveInt = KINDS[WOMEN].filing_days.default  # art. 42
    labour_safety: PositiveInt = KINDS[SAFETY].filing_days.default  # art. 42

    @field_validator("*")
    @classmethod
    def _lawful(cls, value: int, info: ValidationInfo) -> int:
        return _within(f"filing_days.{info.field_name}", value)


class PublicationDays(Section):
    """``[bargaining.publication_days]``: days to publish an agreement to the staff once in effect, per kind."""

    collective_contract: PositiveInt = 10  # local practice: art. 48 says only "promptly" (及时)
    wage_agreement: PositiveInt = KINDS[WAGE].publication_days.default  # 《工资集体协商试行办法》 art. 23
    women_protection: PositiveInt = KINDS[WOMEN].publication_days.default  # local practice (art. 48)
    labour_safety: PositiveInt = KINDS[SAFETY].publication_days.default  # local practice (art. 48)

    @field_validator("*")
    @classmethod
    def _lawful(cls, value: int, info: ValidationInfo) -> int:
        return _within(f"publication_days.{info.field_name}", value)


class BargainingTable(Section):
    """What ``Policy`` is built from; each case records the rules it started under."""

    reply_days: PositiveInt = 20  # 《集体合同规定》 art. 32
    filing_days: FilingDays = FilingDays()
    publication_days: PublicationDays = PublicationDays()
    effect_days: PositiveInt = 15  # art. 47; 《工资集体协商试行办法》 art. 22
    min_negotiators: PositiveInt = 3  # art. 19
    check_every_months: PositiveInt = 6  # implementation checks, every six calendar months (local practice)
    renewal_months: PositiveInt = 3  # art. 38 para. 2
    wage_renewal_days: PositiveInt = 60  # 《工资集体协商试行办法》 art. 24
    max_term_years: PositiveInt = 3  # art. 38 para. 1: collective and special contracts alike
    coordination_days: PositiveInt = 30  # 《集体合同规定》 art. 53: coordination ends within 30 days of acceptance
    coordination_extension_days: PositiveInt = 15  # art. 53: extended once, by at most 15 days
    office_closes: str = "17:00"  # filing ends when the labour administration closes (《民法典》 art. 203(2))

    @field_validator("office_closes")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        if value != "24:00" and not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise ValueError('a time of day like "17:00", when the labour administration stops accepting filings '
                             f'(《民法典》 art. 203(2)), or "24:00"; got {value!r}')
        return value

    @field_validator("reply_days", "effect_days", "min_negotiators", "renewal_months", "wage_renewal_days",
                     "max_term_years", "coordination_days", "coordination_extension_days")
    @classmethod
    def _lawful(cls, value: int, info: ValidationInfo) -> int:
        return _within(str(info.field_name), value)


declare_section("bargaining", BargainingTable)
