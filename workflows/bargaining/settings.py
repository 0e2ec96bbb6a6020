"""The ``[bargaining]`` config table: the periods of 《集体合同规定》 and 《工资集体协商试行办法》 a union may set."""

from __future__ import annotations

from pydantic import PositiveInt

from config import Section, declare_section


class FilingDays(Section):
    """``[bargaining.filing_days]``: days to file a signed contract with the labour administration, per kind."""

    collective_contract: PositiveInt = 10  # 《集体合同规定》 art. 42
    wage_agreement: PositiveInt = 7  # 《工资集体协商试行办法》 art. 21


class PublicationDays(Section):
    """``[bargaining.publication_days]``: days to publish an agreement to the staff once in effect, per kind."""

    collective_contract: PositiveInt = 10  # local practice: art. 48 says only "promptly" (及时)
    wage_agreement: PositiveInt = 5  # 《工资集体协商试行办法》 art. 23


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
    max_term_years: PositiveInt = 3  # art. 38 para. 1


declare_section("bargaining", BargainingTable)
