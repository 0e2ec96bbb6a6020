"""The bargaining workflow's name and words: the kinds of agreement's names, the two sides and the role that
acts for each."""

from __future__ import annotations

from engine.core.i18n import Label
from workflows.bargaining.kinds import LABELS

NAME = "bargaining"
VERSION = 3
# The step between taking effect and publication to the staff: version 1 named it ``in_effect`` beside
# ``in_force``, two names for one idea; version 2 names it for what is awaited (the migration maps it).
AWAITING_PUBLICATION = {1: "in_effect", 2: "awaiting_publication", 3: "awaiting_publication"}
EFFECTIVE_NOTICE = {1: "bargaining_in_effect", 2: "bargaining_effective", 3: "bargaining_effective"}
KINDS = LABELS  # every kind of agreement (workflows.bargaining.kinds); version 1 and 2 offer the first two
SIDES = {"union": Label("工会方", "Union side"), "employer": Label("企业方", "Employer side")}
SIDE_ROLE = {"union": "union_office", "employer": "employer"}
UNION, EMPLOYER = "union", "employer"


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
