"""The ``[return]`` config table: the xlsx template an office fills its statistical returns into."""

from __future__ import annotations

from config import Section, declare_section


class ReturnTable(Section):
    """Where the return's Excel layout comes from: empty uses the template shipped in the package."""

    # Path of an .xlsx whose cells hold ``{{line_code}}`` markers (or are named by a line's code); ``{{union}}``
    # and ``{{year}}`` are filled too. Relative paths are read from the working directory.
    template: str = ""


declare_section("return", ReturnTable)
