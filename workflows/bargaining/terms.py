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
# Once the agreement is published, every member of the union reads it (《集体合同规定》 art. 48: published to all
# staff); from filing on, the higher union (上级工会) reads it for its register of filed agreements (集体合同备案登记),
# and before filing (talks, drafts, votes) it reads nothing.
PUBLISHED = ("in_force", "implementation_check", "renewal_window", "expired", "amended", "terminated",
             "termination_published")
FEDERATION = "federation_office"
READ_ONLY = {FEDERATION: Label("上级工会", "Federation")}  # roles that read some steps and never act
FILED = ("under_review", *AWAITING_PUBLICATION.values(), *PUBLISHED)


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
