"""The disclosure register's names and words (厂务公开): the workflows, the categories of what is disclosed, how
often, and the channels it is published through."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "disclosure"  # one period's item of a register entry
QUESTION = "disclosure_question"  # a staff member's question on a published item
VERSION = 1
CATEGORIES = {
    "wages": Label("工资分配方案", "Wage plans"),
    "welfare_fund": Label("福利基金使用", "Use of the welfare fund"),
    "safety": Label("劳动安全卫生", "Occupational safety"),
    "contract": Label("集体合同履行", "Collective contract performance"),
    "operations": Label("企业经营管理", "The enterprise's operations"),
    "other": Label("其他", "Other"),
}
FREQUENCIES = {
    "monthly": Label("每月", "Monthly"),
    "quarterly": Label("每季度", "Quarterly"),
    "yearly": Label("每年", "Yearly"),
    "event": Label("遇事即公开", "At an event"),
}
CHANNELS = {
    "board": Label("厂务公开栏", "Notice board (公开栏)"),
    "intranet": Label("企业内网", "Intranet"),
    "staff_meeting": Label("职工大会（班组会）", "Staff meeting"),
    "congress": Label("职工代表大会", "Staff and workers' congress"),
    "other": Label("其他", "Other"),
}
# Who keeps the register (the union and the employer together) and who reads its items before publication.
KEEPERS = ("union_office", "employer")
REPORT_READERS = ("union_office", "union_chair", "employer")


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
