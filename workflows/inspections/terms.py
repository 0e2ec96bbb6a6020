"""The inspection workflows' names and words: the steps a finding ends in and how the report counts it."""

from __future__ import annotations

from engine.core.i18n import Label

INSPECTION = "inspection"
FINDING = "finding"
L = Label
ROSTER_ARTICLE = L("《企业民主管理规定》第二十五条", "Provisions on Democratic Management of Enterprises, art. 25")
# Where a finding ends: rectified and accepted by the representatives, or closed by the union chair without that.
ACCEPTED = "accepted"
CLOSED_BY_CHAIR = "closed_by_chair"
# How the report to the congress counts a finding.
OUTCOMES = {
    "on_time": L("按期整改", "Rectified on time"),
    "late": L("逾期整改", "Rectified late"),
    "open": L("未整改完成", "Still open"),
    "closed_by_chair": L("主席决定结案（未验收）", "Closed by the chair (not accepted)"),
}
RECTIFICATION_WORKDAYS = 15  # a finding's deadline when the representative names none (local practice)
RETRY_WORKDAYS = 10  # the new deadline after a refused rectification, when the representatives name none
