"""Whole numbers in forms fit the 32-bit columns and parameters they end up in."""

from __future__ import annotations

import pytest

from engine.core.errors import ValidationFailed
from engine.core.forms import validate_form
from engine.core.i18n import Label
from engine.core.spec import Field

FIELDS = (Field("session_id", Label("会议", "Session"), "int"), Field("members", Label("人员", "Members"), "users",
                                                                      required=False))


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, str(10**12)])
def test_a_number_beyond_32_bits_is_refused(value):
    with pytest.raises(ValidationFailed) as refused:
        validate_form(FIELDS, {"session_id": value})
    assert list(refused.value.errors) == ["session_id"]


def test_the_largest_32_bit_numbers_pass_and_lists_are_checked_item_by_item():
    assert validate_form(FIELDS, {"session_id": 2**31 - 1})["session_id"] == 2**31 - 1
    with pytest.raises(ValidationFailed):
        validate_form(FIELDS, {"session_id": 1, "members": [1, 2**40]})
