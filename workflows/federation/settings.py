"""The ``[federation]`` config table: how fresh the federation's view keeps its member unions' figures."""

from __future__ import annotations

from pydantic import PositiveInt

from config import Section, declare_section


class FederationTable(Section):
    """The federation's view reads figures kept per union; a union is counted again as soon as one of its cases
    changes, and at least this often (overdue work, expiring agreements and check-ins change no case)."""

    figures_max_age_minutes: PositiveInt = 10


declare_section("federation", FederationTable)
