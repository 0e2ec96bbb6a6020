"""The ``[disclosure]`` config table: how long a department has to publish a period's item and to answer a
question. Neither period is set by national law (local practice); each case keeps the numbers it started under."""

from __future__ import annotations

from pydantic import PositiveInt

from config import Section, declare_section


class DisclosureTable(Section):
    """The workflow's ``Policy``: its periods."""

    publish_workdays: PositiveInt = 10  # after the period ends (local practice)
    answer_workdays: PositiveInt = 5  # after a question is asked (local practice)


declare_section("disclosure", DisclosureTable)
