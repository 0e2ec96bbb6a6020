"""A workflow whose start names ``members``: anyone holding a role in the organisation, above it or in an
organisation below it, may start a case there; someone without one, or whose account is disabled, may not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine import services
from engine.core.context import Actor
from engine.core.errors import SpecError
from engine.core.spec import MEMBERS
from engine.core.spec_checks import validate
from support.flows import REQUEST

OPEN = replace(REQUEST, name="open_request", start=replace(REQUEST.start, roles=(MEMBERS,)))


def start(env, who, org):
    return services.start_case(env, Actor(who), "open_request", org, "一件事", {"body": "说明"})


def test_the_staff_above_at_and_below_the_organisation_may_start_and_no_one_else(env, people):
    env.registry.register(OPEN)
    for who in (people.clerk, people.handler, people.head):  # the union; its department; the federation above
        assert start(env, who, people.union).case_id
    with pytest.raises(services.PermissionDenied):
        start(env, people.outsider, people.union)
    with pytest.raises(services.PermissionDenied):  # a department's member is not staff of another department
        start(env, people.handler, people.other_dept)
    services.set_user_active(env, people.handler, False)
    with pytest.raises(services.PermissionDenied):
        start(env, people.handler, people.union)


def test_members_is_a_start_role_only():
    validate(OPEN)
    with pytest.raises(SpecError, match="members"):
        validate(replace(OPEN, transitions=(replace(OPEN.transitions[0], roles=(MEMBERS,)), *OPEN.transitions[1:])))
