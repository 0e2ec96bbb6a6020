"""The bargaining workflow's name and words: the kinds of agreement, the two sides and the role that acts
for each."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "bargaining"
VERSION = 1
KINDS = {"collective_contract": Label("集体合同", "Collective contract"),
         "wage_agreement": Label("工资专项集体合同", "Special wage agreement")}
SIDES = {"union": Label("工会方", "Union side"), "employer": Label("企业方", "Employer side")}
SIDE_ROLE = {"union": "union_office", "employer": "employer"}
UNION, EMPLOYER = "union", "employer"


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
