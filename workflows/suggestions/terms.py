"""The rationalisation suggestion workflow's name and words: the fields a suggestion is about, the outcomes of
its assessment, the award grades, and who reads it once adopted."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "suggestion"
VERSION = 1
FIELDS = {
    "production": Label("生产", "Production"),
    "technology": Label("技术", "Technology"),
    "safety": Label("安全", "Safety"),
    "management": Label("管理", "Management"),
    "cost": Label("降本增效", "Cost"),
    "other": Label("其他", "Other"),
}
# The department's assessment: adopted in whole or in part goes on to implementation; not adopted ends it.
EXTENTS = {
    "adopted": Label("采纳", "Adopted"),
    "adopted_in_part": Label("部分采纳", "Adopted in part"),
}
NOT_ADOPTED = "not_adopted"
OUTCOMES = {**EXTENTS, NOT_ADOPTED: Label("不予采纳", "Not adopted")}
GRADES = {
    "first": Label("一等奖", "First prize"),
    "second": Label("二等奖", "Second prize"),
    "third": Label("三等奖", "Third prize"),
    "encouragement": Label("鼓励奖", "Encouragement award"),
}
# The steps after an adoption: the suggestion is public to the union's staff from there (an adopted suggestion
# is known in the enterprise); before it, and when it is not adopted, only the sender, the office and the
# department it was routed to read it.
ADOPTED_STATES = ("implementing", "implemented", "awarded", "closed")
IMPLEMENTED_STATES = ("implemented", "awarded", "closed")
DEPARTMENT = "data:department"
LOCAL_PRACTICE = Label("（本单位规定）", " (local practice)")


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
