"""The bargaining workflow's name and words: the kinds of agreement, the two sides and the role that acts
for each."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "bargaining"
VERSION = 2
# The step between taking effect and publication to the staff: version 1 named it ``in_effect`` beside
# ``in_force``, two names for one idea; version 2 names it for what is awaited (the migration maps it).
AWAITING_PUBLICATION = {1: "in_effect", 2: "awaiting_publication"}
EFFECTIVE_NOTICE = {1: "bargaining_in_effect", 2: "bargaining_effective"}
KINDS = {"collective_contract": Label("集体合同", "Collective contract"),
         "wage_agreement": Label("工资专项集体合同", "Special wage agreement")}
SIDES = {"union": Label("工会方", "Union side"), "employer": Label("企业方", "Employer side")}
SIDE_ROLE = {"union": "union_office", "employer": "employer"}
UNION, EMPLOYER = "union", "employer"


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
