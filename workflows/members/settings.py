"""The ``[members]`` config table: how long the union office has to review an application to join, and the
receiving union's office to accept a transfer. Neither is set by the union charter (local practice); each case
records the number of days it started under."""

from __future__ import annotations

from pydantic import Field

from config import Section, declare_section


class MembersTable(Section):
    """The workflow's ``Policy``: its periods."""

    review_days: int = Field(15, ge=1, le=90)  # the office reviews an application (local practice)
    accept_days: int = Field(15, ge=1, le=90)  # the receiving office accepts or declines a transfer


declare_section("members", MembersTable)
