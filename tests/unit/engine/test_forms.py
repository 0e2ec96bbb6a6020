"""Form data is cleaned or refused field by field, with messages in Chinese and English."""

from __future__ import annotations

import pytest

from engine.core.errors import ValidationFailed
from engine.core.forms import validate_form
from engine.core.spec import Field
from support.flows import L

FIELDS = (
    Field("subject", L("subject"), "str", max_length=10),
    Field("reasons", L("reasons"), "text", required=False),
    Field("count", L("count"), "int", required=False, min_value=2, max_value=9),
    Field("urgent", L("urgent"), "bool", required=False),
    Field("due", L("due"), "date", required=False),
    Field("category", L("category"), "choice", required=False, choices=("工资分配", "生活福利")),
    Field("tags", L("tags"), "choices", required=False, choices=("a", "b")),
)


def errors(data) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        validate_form(FIELDS, data)
    return {name: msgs[0].zh for name, msgs in caught.value.errors.items()}


def test_good_data_is_cleaned():
    cleaned = validate_form(FIELDS, {"subject": "  食堂  ", "count": "3", "urgent": "on", "due": "2026-12-01",
                                     "category": "生活福利", "tags": ["a", "b", "a"], "reasons": ""})
    assert cleaned == {"subject": "食堂", "count": 3, "urgent": True, "due": "2026-12-01", "category": "生活福利",
                       "tags": ["a", "b"]}


def test_each_bad_field_gets_its_own_message():
    assert errors({"subject": "", "count": "三", "urgent": "maybe", "due": "12/01/2026", "category": "其他",
                   "tags": "a"}) == {
        "subject": "此项为必填项。", "count": "请输入整数。", "urgent": "请选择是或否。",
        "due": "请输入日期，格式为 YYYY-MM-DD。", "category": "请从给定选项中选择。", "tags": "请从给定选项中选择。"}


def test_limits_say_at_least_and_at_most():
    assert errors({"subject": "职工食堂夜班供餐问题建议", "count": 1}) == {
        "subject": "不能超过 10 个字符（现为 12 个）。", "count": "不能小于 2。"}
    with pytest.raises(ValidationFailed) as caught:
        validate_form(FIELDS, {"subject": "x", "count": 10})
    assert caught.value.errors["count"][0].en == "Must be at most 9."


def test_unknown_fields_are_refused_not_ignored():
    assert errors({"subject": "x", "subjcet": "typo"}) == {"subjcet": "此操作不接受该字段。"}


def test_html_is_kept_as_text_for_the_pages_to_escape():
    assert validate_form(FIELDS, {"subject": "<b>x</b>"})["subject"] == "<b>x</b>"
