"""Proposals' public services, for the pages and the API: the public register, the committee's list, a
proposal's details and the proposal it was merged into, each for an explicit actor."""

from __future__ import annotations

from workflows.proposals.spec import NAME
from workflows.proposals.views import (
    Details,
    MainCase,
    Person,
    Register,
    assignable,
    committee_cases,
    details,
    handling_days,
    invitations,
    main_case,
    overdue,
    public_register,
    public_states,
    session_of,
)

__all__ = ["NAME", "Details", "MainCase", "Person", "Register", "assignable", "committee_cases", "details",
           "handling_days", "invitations", "main_case", "overdue", "public_register", "public_states", "session_of"]
