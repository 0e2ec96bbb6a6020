"""The ``[congress]`` config table: quorum, the default pass rule, the evaluation scale and the roster rules."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, NonNegativeInt, field_validator

from config import Section, declare_section
from workflows.congress.rules import EVALUATION_SCALE, PASS_RULES, QUORUM_LAW, STATUTORY_QUORUM, Fraction

_FRACTION = "must be [numerator, denominator], e.g. [2, 3]"


class CongressTable(Section):
    """What ``CongressRules`` is built from; defaults follow 《企业民主管理规定》."""

    quorum: tuple[int, int] = (2, 3)  # of all representatives of the term, checked in
    default_pass_rule: str = "majority_of_all"
    # In order from best to worst: {competent = ["称职", "Competent"], …}
    evaluation_scale: dict[str, tuple[str, str]] = Field(
        default_factory=lambda: {k: (v.zh, v.en) for k, v in EVALUATION_SCALE.items()}, min_length=2)
    documents_days: NonNegativeInt = 7  # reserved matters need their documents this many days before opening
    min_share_of_staff: tuple[int, int] = (5, 100)
    min_representatives: NonNegativeInt = 30
    max_manager_share: tuple[int, int] = (20, 100)
    # The ballot secret that seals votes while an item is open; outside the database, rotated between sessions.
    ballot_key_file: Path | None = None  # default: ballot_key in the instance folder, made on first use

    @field_validator("quorum", "min_share_of_staff", "max_manager_share", mode="before")
    @classmethod
    def _fraction(cls, value: object) -> object:
        if not (isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value)
                and 0 < value[0] <= value[1]):
            raise ValueError(_FRACTION)
        return value

    @field_validator("quorum")
    @classmethod
    def _statutory_quorum(cls, value: tuple[int, int]) -> tuple[int, int]:
        if Fraction(*value).below(STATUTORY_QUORUM):
            law = STATUTORY_QUORUM
            raise ValueError(f"must be at least {law.numerator}/{law.denominator} of all representatives "
                             f"({QUORUM_LAW.zh}, {QUORUM_LAW.en}), got {value[0]}/{value[1]}")
        return value

    @field_validator("default_pass_rule")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        if value not in PASS_RULES:
            raise ValueError(f"must be one of {', '.join(PASS_RULES)}, got {value!r}")
        return value


declare_section("congress", CongressTable)
