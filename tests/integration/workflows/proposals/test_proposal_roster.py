"""Who may propose and co-sign: the representatives on the roster of the session's term, not whoever holds the
representative role; each refusal cites 《企业民主管理规定》 art. 25. On both backends."""

from __future__ import annotations

import pytest
from test_proposal_workflow import FORM, act, draft, state

from engine import services
from engine.core.context import Actor
from support.union import Union
from workflows.congress import services as congress
from workflows.proposals import spec as proposal

HEADER = "username,name,email,delegation,category,sex,department\n"


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    u = Union(env)
    # Someone who holds the representative role (a former term's, say) but is not on term 5's roster.
    u.outsider = services.create_user(env, "rep_old", "钱旧代表")
    services.grant_role(env, u.outsider, u.union, "representative")
    return u


def roster(env, u, *usernames):
    rows = "".join(f"{name},{name},,第1代表团,worker,m,生产部\n" for name in usernames)
    congress.import_roster(env, u.term, (HEADER + rows).encode())


def test_a_representative_off_the_terms_roster_cannot_propose(env, union):
    u = union
    with pytest.raises(services.ValidationFailed) as caught:
        services.start_case(env, Actor(u.outsider), "proposal", u.union, "关于增设夜班班车的提案",
                            {**FORM, "session_id": u.session})
    message = caught.value.errors["session_id"][0]
    assert "代表名册" in message.zh and "《企业民主管理规定》第二十五条" in message.zh
    assert "roster" in message.en and "art. 25" in message.en
    assert draft(env, u)  # rep1 is on it


def test_only_representatives_on_the_roster_may_be_invited_to_co_sign(env, union):
    u = union
    case_id = draft(env, u)
    with pytest.raises(services.ValidationFailed) as caught:
        act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.outsider]})
    assert "第二十五条" in caught.value.errors["co_signers_invited"][0].zh
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    assert state(env, u, case_id) == "co_signing"


def test_someone_taken_off_the_roster_after_the_invitation_cannot_co_sign(env, union):
    u = union
    case_id = draft(env, u)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    roster(env, u, "rep1", "rep2", "rep4", "rep5", "committee")  # rep3 left the company
    with pytest.raises(services.ValidationFailed) as caught:
        act(env, u.rep3, case_id, "co_sign")
    [message] = [m for messages in caught.value.errors.values() for m in messages]
    assert "代表名册" in message.zh and "第二十五条" in message.zh
    assert state(env, u, case_id) == "co_signing"
