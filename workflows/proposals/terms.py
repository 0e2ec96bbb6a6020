"""The proposal workflow's name and words: its categories, the outcomes of an answer, the ratings, and the
states in which a proposal counts as accepted."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "proposal"
VERSION = 2  # 2: the review and rating deadlines and the follow-up of answers not yet solved
CATEGORIES = {
    "production": Label("生产经营", "Production and operations"),
    "wages": Label("工资分配", "Wages and pay"),
    "safety": Label("劳动安全卫生", "Occupational safety and health"),
    "welfare": Label("生活福利", "Welfare and living conditions"),
    "democracy": Label("民主管理", "Democratic management"),
    "training": Label("教育培训", "Education and training"),
    "other": Label("其他", "Other"),
}
CLASSIFICATIONS = {
    "solved": Label("已解决/采纳", "Solved / adopted"),
    "in_plan": Label("列入计划，正在解决", "In the plan, being solved"),
    "not_now": Label("因条件限制暂不能解决", "Cannot be solved for now"),
}
RATINGS = {
    "satisfied": Label("满意", "Satisfied"),
    "basically_satisfied": Label("基本满意", "Basically satisfied"),
    "unsatisfied": Label("不满意", "Unsatisfied"),
}
# What the history, the pages and the figures show for a rating never given by the rating deadline.
NOT_RATED = "not_rated"
RATING_LABELS = {**RATINGS, NOT_RATED: Label("未评价", "Not rated")}
# The answers whose department keeps reporting until the matter is solved (跟踪落实).
FOLLOWED_UP = ("in_plan", "not_now")
# Who may propose and co-sign: the representatives on the roster of the session's term, whose rights (to propose
# among them) last as long as the term (《企业民主管理规定》 art. 25).
ROSTER_ARTICLE = Label("《企业民主管理规定》第二十五条",
                       "art. 25 of the Provisions on Democratic Management of Enterprises")
# States in which a proposal has been accepted (立案): another may be merged into it.
ACCEPTED = ("endorsement", "assignment", "handling", "extension_requested", "answered", "rated",
            "committee_decision", "following_up", "closed")


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
# The steps only the proposer and the co-signers read (private), and who else reads the others: every member of
# the union (the register is public to the union's staff by default; 提案公开).
PRIVATE = ("draft", "co_signing", "withdrawn")
TEXT_KEYS = ("reasons", "measures")  # what the registers' search reads besides the subject
