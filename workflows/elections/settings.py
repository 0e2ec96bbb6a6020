"""The ``[election]`` config table: the committee's term a plan proposes by default (three or five years, by
《工会法》 art. 16 the union's choice), and whether the candidates must outnumber the seats (差额选举)."""

from __future__ import annotations

from pydantic import field_validator

from config import Section, declare_section


class ElectionTable(Section):
    """What a union sets for its committee elections; each election records the term its plan chose."""

    default_term_years: int = 5
    contested: bool = True  # more candidates than seats (差额选举), as the election regulations ask

    @field_validator("default_term_years")
    @classmethod
    def _years(cls, value: int) -> int:
        if value not in (3, 5):
            raise ValueError("default_term_years: a base committee's term is 3 or 5 years (Trade Union Law art. 16)")
        return value


declare_section("election", ElectionTable)
