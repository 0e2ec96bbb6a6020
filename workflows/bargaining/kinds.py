"""The kinds of agreement bargaining makes, as data: the collective contract (集体合同), the special wage
agreement (工资专项集体合同) and the special contracts on women staff's rights (女职工权益保护专项集体合同) and on
labour safety and health (劳动安全卫生专项集体合同), each with its term, filing, review, renewal and publication
periods, the law's bounds on them, and the words of its written request.

《集体合同规定》 art. 38 gives collective and special contracts a term of 1 to 3 years and the renewal request in
the 3 months before expiry; art. 42 filing within 10 days of signing; art. 47 a review of 15 days. A wage
agreement runs one year, is filed within 7 days and renewed in the 60 days before expiry (《工资集体协商试行办法》
arts. 21 and 24), and is published within 5 days of effect (art. 23 of the same); the others are published
"promptly" (art. 48), 10 days by local practice.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core.i18n import Label

COLLECTIVE, WAGE = "collective_contract", "wage_agreement"
WOMEN, SAFETY = "women_protection", "labour_safety"
CONTRACT_LAW = "《中华人民共和国劳动法》《中华人民共和国工会法》《集体合同规定》"
LOCAL_PRACTICE = "local practice"


@dataclass(frozen=True)
class Bound:
    """A number the config may set: its default, the law's least and most (None: no bound), and the source."""

    default: int
    least: int | None
    most: int | None
    source: str


@dataclass(frozen=True)
class Kind:
    """One kind of agreement and its periods; ``special`` for the 专项集体合同 of art. 3."""

    code: str
    label: Label
    term_years: Bound  # the longest term; a term is at least one year
    filing_days: Bound  # after signing
    review_days: Bound  # the administration's review, from ``review_from``
    review_from: str  # "received" (art. 47) or "submitted" (wage rules art. 22)
    renewal_months: int | None  # the renewal window before expiry, in months or in days
    renewal_days: int | None
    renewal_source: str
    publication_days: Bound  # after effect
    letter_title: str  # the written request's title (in Chinese, as it is served)
    laws: str  # the grounds the written request names
    special: bool = False


def _contract(code: str, label: Label, letter_title: str, laws: str, special: bool) -> Kind:
    return Kind(code, label, term_years=Bound(3, 1, 3, "《集体合同规定》 art. 38 para. 1"),
                filing_days=Bound(10, None, 10, "《集体合同规定》 art. 42"),
                review_days=Bound(15, 15, 15, "《集体合同规定》 art. 47"), review_from="received",
                renewal_months=3, renewal_days=None, renewal_source="《集体合同规定》 art. 38 para. 2",
                publication_days=Bound(10, None, None, f"{LOCAL_PRACTICE} (《集体合同规定》 art. 48: promptly)"),
                letter_title=letter_title, laws=laws, special=special)


KINDS: dict[str, Kind] = {k.code: k for k in (
    _contract(COLLECTIVE, Label("集体合同", "Collective contract"), "集体协商要约书", CONTRACT_LAW, False),
    Kind(WAGE, Label("工资专项集体合同", "Special wage agreement"),
         term_years=Bound(1, 1, 1, "《工资集体协商试行办法》 art. 24"),
         filing_days=Bound(7, None, 7, "《工资集体协商试行办法》 art. 21"),
         review_days=Bound(15, 15, 15, "《工资集体协商试行办法》 art. 22"), review_from="submitted",
         renewal_months=None, renewal_days=60, renewal_source="《工资集体协商试行办法》 art. 24",
         publication_days=Bound(5, None, 5, "《工资集体协商试行办法》 art. 23"),
         letter_title="工资集体协商要约书", laws=f"{CONTRACT_LAW}《工资集体协商试行办法》", special=True),
    _contract(WOMEN, Label("女职工权益保护专项集体合同", "Special contract on women staff's rights"),
              "女职工权益保护专项集体协商要约书", f"{CONTRACT_LAW}《女职工劳动保护特别规定》", True),
    _contract(SAFETY, Label("劳动安全卫生专项集体合同", "Special contract on labour safety and health"),
              "劳动安全卫生专项集体协商要约书", f"{CONTRACT_LAW}《中华人民共和国安全生产法》", True),
)}
# The kinds a case could choose before version 3 of the workflow.
EARLIER = (COLLECTIVE, WAGE)
LABELS: dict[str, Label] = {code: kind.label for code, kind in KINDS.items()}


def kind_of(code: str | None) -> Kind:
    """The kind of a case (a case recorded before kinds were data is a collective contract)."""
    return KINDS.get(code or COLLECTIVE, KINDS[COLLECTIVE])


def within(key: str, value: int, least: int | None, most: int | None, source: str) -> int:
    """``value`` for the config key ``key`` if the law allows it; else a ValueError naming the source."""
    if least is not None and least == most and value != least:
        raise ValueError(f"must be {least} ({source}), got {value}")
    if most is not None and value > most:
        raise ValueError(f"at most {most} ({source}), got {value}")
    if least is not None and value < least:
        raise ValueError(f"at least {least} ({source}), got {value}")
    return value
