"""The congress's numbers (config ``[congress]``): quorum, pass rules, the evaluation scale, documents in
advance, and the roster rules. Defaults follow 《企业民主管理规定》."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.i18n import Label

if TYPE_CHECKING:
    from config import Settings
    from workflows.congress.settings import CongressTable


@dataclass(frozen=True, slots=True)
class Fraction:
    """``numerator/denominator`` of a base; ``strict`` means "more than", else "at least"."""

    numerator: int
    denominator: int
    strict: bool = False

    def met(self, count: int, base: int) -> bool:
        left, right = count * self.denominator, self.numerator * base
        return left > right if self.strict else left >= right

    def below(self, other: Fraction) -> bool:
        """Whether this fraction asks for fewer than ``other`` does."""
        return self.numerator * other.denominator < other.numerator * self.denominator

    def needed(self, base: int) -> int:
        """The smallest count that meets the fraction of ``base``."""
        n = (self.numerator * base) // self.denominator
        while not self.met(n, base):
            n += 1
        while n > 0 and self.met(n - 1, base):
            n -= 1
        return n


# 《企业民主管理规定》: a congress sits with at least two thirds of all representatives present; its 第二十条 has it
# decide by more than half of all of them, important matters by secret ballot, item by item. The quorum is cited by
# the regulation's name alone: the texts of it at hand did not show which article holds it. 《集体合同规定》第三十六条
# sets the same two thirds for a vote on a collective contract draft. No configuration goes below these: ``quorum``
# is refused at start-up, and a ballot never opens under less than the statutory quorum, whatever the rules an
# installation registers in code.
STATUTORY_QUORUM = Fraction(2, 3)
QUORUM_LAW = Label("《企业民主管理规定》（全体职工代表三分之二以上出席）",
                   "the Provisions on the Democratic Management of Enterprises (《企业民主管理规定》): "
                   "two thirds of all representatives present")
CONTRACT_LAW = Label("《集体合同规定》第三十六条",
                     "art. 36 of the Provisions on Collective Contracts (《集体合同规定》)")
DOCUMENTS_PRACTICE = Label("地方惯例（非全国性法律规定）", "local practice, not national law")


def binding_quorum(configured: Fraction) -> Fraction:
    """The quorum a ballot opens under: the configured one, never below the statutory two thirds."""
    return STATUTORY_QUORUM if configured.below(STATUTORY_QUORUM) else configured


@dataclass(frozen=True, slots=True)
class PassRule:
    """When an item (or a candidate) passes: a fraction of all representatives of the term, or of those
    present (checked in) when it closed."""

    name: str
    label: Label
    fraction: Fraction
    basis: str = "all"  # "all" representatives of the term, or "present"


PASS_RULES = {
    "majority_of_all": PassRule("majority_of_all", Label("全体代表过半数赞成", "More than half of all representatives"),
                                Fraction(1, 2, strict=True)),
    "two_thirds_of_all": PassRule(
        "two_thirds_of_all", Label("全体代表三分之二以上赞成", "Two thirds of all representatives"), Fraction(2, 3)),
}
EVALUATION_SCALE = {
    "competent": Label("称职", "Competent"),
    "basically_competent": Label("基本称职", "Basically competent"),
    "incompetent": Label("不称职", "Incompetent"),
}


@dataclass(frozen=True)
class CongressRules:
    """Numbers a union may set in ``[congress]``; each item records the rule it was voted under."""

    quorum: Fraction = Fraction(2, 3)  # of all representatives of the term, checked in
    default_pass_rule: str = "majority_of_all"
    pass_rules: dict[str, PassRule] = field(default_factory=lambda: dict(PASS_RULES))
    evaluation_scale: dict[str, Label] = field(default_factory=lambda: dict(EVALUATION_SCALE))
    documents_days: int = 7  # reserved matters need their documents delivered this many days before opening
    min_share_of_staff: Fraction = Fraction(5, 100)
    min_representatives: int = 30
    max_manager_share: Fraction = Fraction(20, 100)
    ballot_key_file: Path | None = None  # the ballot secret (workflows.congress.sealing); None: instance/ballot_key

    @classmethod
    def from_settings(cls, settings: Settings) -> CongressRules:
        """The rules from the ``[congress]`` table (validated when the settings were loaded)."""
        table: CongressTable = settings.section("congress")
        return replace(cls(), quorum=Fraction(*table.quorum), default_pass_rule=table.default_pass_rule,
                       evaluation_scale={k: Label(*v) for k, v in table.evaluation_scale.items()},
                       documents_days=table.documents_days, min_share_of_staff=Fraction(*table.min_share_of_staff),
                       min_representatives=table.min_representatives,
                       max_manager_share=Fraction(*table.max_manager_share),
                       ballot_key_file=table.ballot_key_file or Path(settings.instance_path) / "ballot_key")


DEFAULT_RULES = CongressRules()


def rules_of(env: Any) -> CongressRules:
    """The installation's congress rules, registered from ``[congress]`` with the workflows."""
    return env.registry.policy("congress", DEFAULT_RULES)
