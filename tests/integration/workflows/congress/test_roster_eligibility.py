"""Who checks in and votes: the representatives on the roster of the session's term. The role follows the roster
(given on import, taken away when someone is left off it); anyone else is refused, citing the rule."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.errors import PermissionDenied, Refused
from engine.identity.roles import holds_any
from support.congress import Congress
from workflows.congress import services as congress

RULE_ZH, RULE_EN = "《企业民主管理规定》第二十五条", "art. 25"


def cites_the_rule(label, who_zh: str = "您", who_en: str = "You are") -> None:
    assert label.zh.startswith(f"{who_zh}不在第5届职工代表名册中"), label.zh
    assert RULE_ZH in label.zh and "第二十三条" in label.zh
    assert label.en.startswith(f"{who_en} not on the roster of term 5") and RULE_EN in label.en, label.en


def motion(env, c: Congress) -> int:
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.open_item(env, Actor(c.chair), item)
    return item


def is_representative(env, c: Congress, user_id: int) -> bool:
    with env.db.engine.connect() as conn:
        return holds_any(conn, user_id, c.union, ("representative",))


def test_the_representative_role_without_the_roster_neither_checks_in_nor_votes(env):
    c = Congress(env, size=30)
    services.grant_role(env, c.leader, c.union, "representative")  # the role, from elsewhere, but not the roster
    c.check_in_all(c.roster[:25])
    item = motion(env, c)
    for action in (lambda: congress.check_in(env, Actor(c.leader), c.session),
                   lambda: congress.confirm_documents(env, Actor(c.leader), c.session),
                   lambda: congress.vote(env, Actor(c.leader), item, "agree")):
        with pytest.raises(PermissionDenied) as caught:
            action()
        cites_the_rule(caught.value.label)
    with pytest.raises(Refused) as caught:  # nor does the office check them in from the paper list
        congress.check_in(env, Actor(c.office), c.session, [c.leader])
    assert caught.value.code == "not_on_roster"
    cites_the_rule(caught.value.label, "孙厂长", "孙厂长 is")
    assert congress.my_status(env, c.leader, c.session).representative is False
    assert congress.session_status(env, c.session).quorum.present == 25
    assert congress.get_item(env, item).participants == 0


def test_taken_off_the_roster_after_checking_in_one_can_no_longer_vote_online_or_on_paper(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    congress.vote(env, Actor(c.rep1), item, "agree")  # on the roster: votes
    # rep4 and rep5 left the enterprise; the office imports the term's roster without them
    assert c.reimport_without("rep4", "rep5") == 2
    assert not is_representative(env, c, c.rep4) and is_representative(env, c, c.rep1)  # the role went with them
    with pytest.raises(PermissionDenied) as caught:
        congress.vote(env, Actor(c.rep4), item, "disagree")
    cites_the_rule(caught.value.label)
    with pytest.raises(Refused) as caught:
        congress.record_paper_voters(env, Actor(c.office), item, [c.rep2, c.rep5])
    assert caught.value.code == "not_on_roster"
    cites_the_rule(caught.value.label, "陈静", "陈静 is")
    assert congress.record_paper_voters(env, Actor(c.office), item, [c.rep2]) == 1  # the rest still may
    status = congress.session_status(env, c.session)
    assert (status.quorum.eligible, status.quorum.present) == (28, 28)
    assert congress.get_item(env, item).participants == 2  # rep1 online, rep2 on paper; nothing from rep4 or rep5
    # Imported again (re-elected to fill the seat), rep4 holds the role and votes, having checked in before
    c.reimport_without("rep5")
    assert is_representative(env, c, c.rep4)
    assert congress.vote(env, Actor(c.rep4), item, "disagree")


def test_a_deactivated_account_is_off_the_roster_for_voting(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    users = sa.table("users", sa.column("id"), sa.column("is_active"))
    with env.db.engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == c.rep3).values(is_active=False))
    with pytest.raises(PermissionDenied) as caught:
        congress.vote(env, Actor(c.rep3), item, "agree")
    cites_the_rule(caught.value.label)
