"""The congress's numbers (config ``[congress]``): quorum, pass rules, the evaluation scale, documents in
advance, and the roster rules. Defaults follow 《企业民主管理规定》."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from engine.core.i18n import Label


@dataclass(frozen=True, slots=True)
class Fraction:
    """``numerator/denominator`` of a base; ``strict`` means "more than", else "at least"."""

    numerator: int
    denominator: int
    strict: bool = False

    def met(self, count: int, base: int) -> bool:
        left, right = count * self.denominator, self.numerator * base
        return left > right if self.strict else left >= right

    def needed(self, base: int) -> int:
        """The smallest count that meets the fraction of ``base``."""
        n = (self.numerator * base) // self.denominator
        while not self.met(n, base):
            n += 1
        while n > 0 and self.met(n - 1, base):
            n -= 1
        return n


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

    @classmethod
    def from_settings(cls, extra: dict[str, Any]) -> CongressRules:
        raw = dict(extra.get("congress", {}))
        known = {"quorum", "default_pass_rule", "evaluation_scale", "documents_days", "min_share_of_staff",
                 "min_representatives", "max_manager_share"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"[congress] in the config has unknown settings: {', '.join(unknown)}")
        rules = cls()
        changes: dict[str, Any] = {}
        for name in ("quorum", "min_share_of_staff", "max_manager_share"):
            if name in raw:
                value = raw[name]
                if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
                        and 0 < value[0] <= value[1]):
                    raise ValueError(f"[congress] {name} must be [numerator, denominator], e.g. [2, 3]")
                changes[name] = Fraction(value[0], value[1])
        for name in ("documents_days", "min_representatives"):
            if name in raw:
                if not isinstance(raw[name], int) or raw[name] < 0:
                    raise ValueError(f"[congress] {name} must be a whole number")
                changes[name] = raw[name]
        if "default_pass_rule" in raw:
            if raw["default_pass_rule"] not in rules.pass_rules:
                raise ValueError(f"[congress] default_pass_rule must be one of {', '.join(rules.pass_rules)}")
            changes["default_pass_rule"] = raw["default_pass_rule"]
        if "evaluation_scale" in raw:  # {key = ["中文", "English"]}, in order from best to worst
            scale = raw["evaluation_scale"]
            if not isinstance(scale, dict) or len(scale) < 2 or not all(
                    isinstance(v, list) and len(v) == 2 for v in scale.values()):
                raise ValueError('[congress] evaluation_scale maps each rating to ["中文", "English"]')
            changes["evaluation_scale"] = {k: Label(v[0], v[1]) for k, v in scale.items()}
        return replace(rules, **changes)


DEFAULT_RULES = CongressRules()


def rules_of(env: Any) -> CongressRules:
    """The installation's congress rules, registered from ``[congress]`` with the workflows."""
    return env.registry.policy("congress", DEFAULT_RULES)
