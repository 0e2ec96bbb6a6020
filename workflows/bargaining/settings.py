"""The ``[bargaining]`` config table: the periods of 《集体合同规定》 and 《工资集体协商试行办法》 a union may set."""

from __future__ import annotations

from pydantic import PositiveInt

from config import Section, declare_section


class FilingDays(Section):
    """``[bargaining.filing_days]``: days to file a signed contract with the labour administration, per kind."""

    collective_contract: PositiveInt = 10
    wage_agreement: PositiveInt = 7


class BargainingTable(Section):
    """What ``Policy`` is built from; each case records the rules it started under."""

    reply_days: PositiveInt = 20  # 《集体合同规定》 art. 32
    filing_days: FilingDays = FilingDays()
    effect_days: PositiveInt = 15  # art. 47
    min_negotiators: PositiveInt = 3  # art. 19
    check_every_days: PositiveInt = 182  # implementation checks, about every 6 months
    renewal_months: PositiveInt = 3  # art. 40
    max_term_years: PositiveInt = 3  # art. 38


declare_section("bargaining", BargainingTable)
