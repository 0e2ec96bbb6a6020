"""The ``[bargaining]`` config table: the periods of 《集体合同规定》 and 《工资集体协商试行办法》 a union may set."""

from __future__ import annotations

from pydantic import PositiveInt, ValidationInfo, field_validator

from config import Section, declare_section

# The law's bounds: a union may be stricter (shorter periods, more negotiators), never looser; config beyond
# them is refused at start-up, naming the article. (most, or least for min_negotiators; the article)
BOUNDS = {
    "reply_days": (20, "《集体合同规定》 art. 32"),
    "effect_days": (15, "《集体合同规定》 art. 47; 《工资集体协商试行办法》 art. 22"),
    "renewal_months": (3, "《集体合同规定》 art. 38 para. 2"),
    "wage_renewal_days": (60, "《工资集体协商试行办法》 art. 24"),
    "max_term_years": (3, "《集体合同规定》 art. 38 para. 1"),
    "filing_days.collective_contract": (10, "《集体合同规定》 art. 42"),
    "filing_days.wage_agreement": (7, "《工资集体协商试行办法》 art. 21"),
    "publication_days.wage_agreement": (5, "《工资集体协商试行办法》 art. 23"),
}
LEAST_NEGOTIATORS = (3, "《集体合同规定》 art. 19")


def _within(key: str, value: int) -> int:
    most, article = BOUNDS[key]
    if value > most:
        raise ValueError(f"at most {most} ({article}), got {value}")
    return value


class FilingDays(Section):
    """``[bargaining.filing_days]``: days to file a signed contract with the labour administration, per kind."""

    collective_contract: PositiveInt = 10  # 《集体合同规定》 art. 42
    wage_agreement: PositiveInt = 7  # 《工资集体协商试行办法》 art. 21

    @field_validator("collective_contract", "wage_agreement")
    @classmethod
    def _lawful(cls, value: int, info: ValidationInfo) -> int:
        return _within(f"filing_days.{info.field_name}", value)


class PublicationDays(Section):
    """``[bargaining.publication_days]``: days to publish an agreement to the staff once in effect, per kind."""

    collective_contract: PositiveInt = 10  # local practice: art. 48 says only "promptly" (及时)
    wage_agreement: PositiveInt = 5  # 《工资集体协商试行办法》 art. 23

    @field_validator("wage_agreement")
    @classmethod
    def _lawful(cls, value: int) -> int:
        return _within("publication_days.wage_agreement", value)


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

    @field_validator("reply_days", "effect_days", "renewal_months", "wage_renewal_days", "max_term_years")
    @classmethod
    def _lawful(cls, value: int, info: ValidationInfo) -> int:
        return _within(str(info.field_name), value)

    @field_validator("min_negotiators")
    @classmethod
    def _enough(cls, value: int) -> int:
        least, article = LEAST_NEGOTIATORS
        if value < least:
            raise ValueError(f"at least {least} ({article}), got {value}")
        return value


declare_section("bargaining", BargainingTable)
