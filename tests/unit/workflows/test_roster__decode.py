"""A roster file is read as UTF-8 (with or without BOM) or GB18030; anything else is refused, not a crash."""

from __future__ import annotations

import pytest

from engine.core.errors import ValidationFailed
from workflows.congress.roster import decode

HEADER = "username,name,email,delegation,category,sex,department\n"


def test_utf8_with_bom_and_gbk_files_are_read():
    assert decode(("\ufeff" + HEADER + "王建国").encode("utf-8")).endswith("王建国")
    assert decode((HEADER + "王建国").encode("gbk")).endswith("王建国")


def test_a_file_in_neither_encoding_is_refused_with_a_field_error():
    with pytest.raises(ValidationFailed) as refused:
        decode(HEADER.encode() + b"\x82")
    assert list(refused.value.errors) == ["file"]


def test_line_ends_of_any_kind_are_read_and_a_broken_file_is_refused_by_row():
    from workflows.congress.roster import parse

    rows, errors = parse(HEADER.replace("\n", "\r") + "rep1,王建国,,第1代表团,worker,m,生产部\r")
    assert errors == [] and rows[0]["username"] == "rep1"
    rows, errors = parse(HEADER + "rep1," + "王" * 200_000 + "\n")  # beyond the csv module's field limit
    assert rows == [] and errors[0].column == "-"
