"""The worker requests workflow's name and words: the kinds of request, their topics, the ratings."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "worker_request"
VERSION = 1
KINDS = {
    "problem": Label("反映问题", "A problem"),
    "complaint": Label("投诉", "A complaint"),
    "question": Label("咨询", "A question"),
    "help": Label("求助", "A request for help"),
}
TOPICS = {
    "wages": Label("工资待遇", "Wages and pay"),
    "safety": Label("劳动安全卫生", "Safety and health"),
    "hours": Label("工时与休息休假", "Working hours and leave"),
    "contract": Label("劳动合同", "Employment contract"),
    "insurance": Label("社会保险", "Social insurance"),
    "welfare": Label("生活福利", "Welfare"),
    "management": Label("企业管理", "Management"),
    "other": Label("其他", "Other"),
}
RATINGS = {
    "satisfied": Label("满意", "Satisfied"),
    "basically_satisfied": Label("基本满意", "Basically satisfied"),
    "unsatisfied": Label("不满意", "Unsatisfied"),
}
NOT_RATED = "not_rated"
RATING_LABELS = {**RATINGS, NOT_RATED: Label("未评价", "Not rated")}
# The roles of the workflow and who sends: any member of staff (职工) or representative of the union.
SENDERS = ("staff", "representative")
OFFICE = "union_office"
CHAIR = "union_chair"
LOCAL_PRACTICE = Label("（本单位规定）", " (local practice)")


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
