"""The ``[return]`` config table: the xlsx template an office fills its statistical returns into, and the day of
the next year by which a year's return is due."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator

from config import Section, declare_section

DEFAULT_DUE = "01-31"


def due_on(year: int, due: str = DEFAULT_DUE) -> date:
    """The day the return of ``year`` is due: ``due`` ("MM-DD") of the next year."""
    month, day = due.split("-")
    return date(year + 1, int(month), int(day))


class ReturnTable(Section):
    """Where the return's Excel layout comes from (empty: the template shipped in the package), and when it is due."""

    # Path of an .xlsx whose cells hold ``{{line_code}}`` markers (or are named by a line's code); ``{{union}}``
    # and ``{{year}}`` are filled too. Relative paths are read from the working directory.
    template: str = ""
    # "MM-DD": the return of year Y is due by that day of Y+1. Local practice, not a national rule: the default,
    # 31 January, is when federations commonly collect the yearly returns; set what your federation asks.
    due: str = DEFAULT_DUE

    @field_validator("due")
    @classmethod
    def _due(cls, value: str) -> str:
        parts = value.strip().split("-")
        try:
            if len(parts) != 2 or not all(len(p) == 2 and p.isdigit() for p in parts):
                raise ValueError
            due_on(2025, value.strip())  # a day every year has: 02-29 is refused
        except ValueError:
            raise ValueError(f"due: a day of the year as MM-DD such as 01-31, got {value!r}") from None
        return value.strip()


declare_section("return", ReturnTable)
