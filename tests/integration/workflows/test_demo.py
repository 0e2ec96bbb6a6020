"""The demo data: a whole union whose sixty proposals reached every state through the real workflow, its
congress: a roster that meets the rules, sessions voted and closed, and the next one prepared, and
its collective bargaining: a contract in force, next year's wage agreement in negotiation."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from config import Settings, load_settings
from engine import services
from engine.store import audit
from engine.store.models import Case, User
from engine.time.clock import SystemClock
from support.demo import NOW, PASSWORD
from web import create_app
from workflows.agenda import demo as demo_agenda
from workflows.bargaining import regional_demo
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress
from workflows.congress.models import BallotBoxVote, Participation, Vote
from workflows.demo import demo, demo_accounts, load_demo, write_demo_config
from workflows.federation import demo as demo_federation
from workflows.proposals import demo as demo_data
from workflows.requests import demo as demo_requests
from workflows.suggestions import demo as demo_suggestions


def settings_for(sqlite_template: Path, folder: Path) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template, folder / "demo.db")
    return Settings(instance_path=folder / "instance", database_url=f"sqlite:///{folder / 'demo.db'}")


def proposals(env: services.Env) -> list[services.CaseSummary]:
    return services.search_cases(env, services.SYSTEM_ACTOR, workflow="proposal", per_page=200,
                                 organisation_id=demo_union(env).id).items


def demo_union(env: services.Env) -> services.OrgView:
    """The demo's enterprise union (its district has five smaller ones besides)."""
    (union,) = [u for u in services.list_organisations(env, kind="union") if u.name == demo_data.UNION]
    return union


def test_the_union_has_its_departments_and_people(loaded_demo):
    env = loaded_demo
    unions = services.list_organisations(env, kind="union")
    union = [u for u in unions if u.name == demo_data.UNION]
    district = services.get_organisation(env, union[0].parent_id)
    assert district.kind == "federation" and district.name == demo_federation.DISTRICT
    assert services.get_organisation(env, district.parent_id).name == demo_data.FEDERATION
    # the five smaller member unions of the district, each with its office and chair
    others = {u.name for u in unions if u.parent_id == district.id} - {demo_data.UNION}
    assert others == {name for name, _, _ in demo_federation.MEMBER_UNIONS.values()}
    assert len(services.list_users(env, role="federation_office", organisation_id=district.id)) == 1
    departments = services.list_organisations(env, kind="department", under=union[0].id)
    assert len(departments) == 8 and {d.name for d in departments} == set(demo_data.DEPARTMENTS.values())
    representatives = services.list_users(env, role="representative", organisation_id=union[0].id)
    assert len(representatives) == 120 and len({u.display_name for u in representatives}) == 120
    assert all(2 <= len(u.display_name) <= 3 and u.username.isascii() for u in representatives)
    for d in departments:
        assert len(services.list_users(env, role="handler", organisation_id=d.id)) == 1
    for role in ("proposal_committee", "leader", "union_office"):
        assert len(services.list_users(env, role=role, organisation_id=union[0].id)) == 1


def test_the_sign_in_page_accounts_exist_with_their_roles_and_the_password(loaded_demo):
    env = loaded_demo
    accounts = demo_accounts(Settings(demo={"enabled": True, "password": PASSWORD}))
    assert accounts["password"] == PASSWORD
    roles = {"职工代表": "representative", "提案工作委员会": "proposal_committee", "企业领导": "leader",
             "承办人": "handler", "工会办公室": "union_office", "工会主席": "union_chair", "计票人": "teller",
             "企业方": "employer", "职工": "staff", "上级工会工作人员": "federation_office",
             "企业方代表组织": "employer_association"}
    assert [a["role"].zh for a in accounts["accounts"]] == [
        "职工代表", "提案工作委员会", "企业领导", "承办人", *["承办人"] * 7, "工会办公室", "工会主席", "计票人",
        "计票人", "企业方", "职工", "上级工会工作人员", *["工会办公室"] * 6, "企业方代表组织"]
    with_co_signers = demo_accounts(Settings(demo={"enabled": True, "password": PASSWORD}), env)["accounts"]
    co_signers = [a for a in with_co_signers if a["group"] == "co_signers"]
    assert 1 <= len(co_signers) <= 3
    handlers = [a["note"] for a in with_co_signers if a["role"].zh == "承办人"]
    assert sorted(handlers) == sorted(demo_data.DEPARTMENTS.values())  # each department's handler, named
    for account in with_co_signers:
        role = roles[account["role"].zh]
        user = services.find_user(env, account["username"])
        assert user is not None and user.holds(role), account
        assert services.sign_in(env, account["username"], PASSWORD).user_id == user.id
        assert (services.inbox(env, user.id).total > 0 or account["group"] == "handlers"  # some have nothing now
                or role in ("union_office", "union_chair", "teller", "employer", "federation_office",
                            "employer_association"))
    for account in co_signers:  # each has an invitation to answer
        assert services.inbox(env, services.find_user(env, account["username"]).id).total > 0, account


def test_proposals_reach_every_state_of_the_workflow(loaded_demo):
    env = loaded_demo
    found = proposals(env)
    assert len(found) >= 55
    states = Counter(c.state for c in found)
    spec_states = set(services.describe(env, "proposal").states)
    # "rated" is left at once by an automatic action (close, re-handle or refer to the committee).
    assert spec_states - set(states) == {"rated"}
    assert min(c.created_at for c in found) < NOW - timedelta(days=28)
    assert max(c.updated_at for c in found) < NOW
    assert len({c.created_by for c in found}) > 20


def test_history_is_real_and_some_deadlines_have_passed(loaded_demo):
    env = loaded_demo
    assert list(audit.verify(env.db)) == []
    closed = [c for c in proposals(env) if c.state == "closed"]
    triggers = Counter(e.trigger for c in closed for e in services.case_view(env, services.SYSTEM_ACTOR, c.id).history)
    assert {"start", "invite", "co_sign", "submit", "accept", "endorse", "assign", "answer", "rate",
            "close"} <= set(triggers)
    assert triggers["rehandle"] >= 1 and triggers["close_after_review"] >= 1
    merged = [c for c in proposals(env) if c.state == "merged"]
    assert all(c.follows_id is not None for c in merged)
    handlers = services.list_users(env, role="handler")
    overdue = [t for h in handlers for t in services.inbox(env, h.id, per_page=100).items
               if t.overdue and t.workflow == "proposal"]  # requests and disclosures are overdue with departments too
    assert overdue and all(t.state in ("handling", "extension_requested") for t in overdue)


def rows(env: services.Env, table) -> list:
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(table.__table__)).all()


def test_the_congress_term_has_a_roster_that_meets_the_rules(loaded_demo):
    env = loaded_demo
    union = demo_union(env)
    (term,) = congress.list_terms(env, union.id)
    assert term.number == demo_data.TERM and (term.staff_count, term.women_staff_count) == (800, 320)
    assert {s.term for s in congress.list_congress_sessions(env, union.id)} == {term.number}
    checks = congress.check_rules(env, term.id)
    assert [c.name for c in checks] == ["minimum", "share_of_staff", "managers", "women"]
    assert all(c.met is True for c in checks), [(c.name, c.figures.en) for c in checks]
    roster = congress.list_roster(env, term.id)
    assert len(roster) == 40 and len({r.delegation for r in roster}) == 4
    assert {"wangjianguo", "liwenhua"} <= {r.username for r in roster}
    assert Counter(r.category for r in roster)["manager"] <= 8 and Counter(r.sex for r in roster)["f"] >= 16
    # The roster's people are the union's representatives already there: no account was added for it.
    assert len(services.list_users(env, role="representative", organisation_id=union.id)) == 120


def test_the_earlier_session_was_voted_item_by_item_closed_and_its_resolution_followed_up(loaded_demo):
    env = loaded_demo
    union = demo_union(env)
    sessions = {s.number: s for s in congress.list_congress_sessions(env, union.id)}
    earlier = sessions[demo_data.EARLIER_NUMBER]
    assert earlier.name == demo_data.EARLIER_NAME and earlier.opens_on < (NOW - timedelta(days=28)).date()
    status = congress.session_status(env, earlier.id)
    assert status.phase == "closed" and status.quorum.met and status.quorum.present < 40
    case = services.case_view(env, services.SYSTEM_ACTOR, status.case_id)
    assert case.state == "closed"
    assert [e.trigger for e in case.history] == ["start", "deliver_documents", "remind_documents", "open_session",
                                                 "publish_results", "close"]
    items = congress.list_items(env, earlier.id)
    assert [i.kind for i in items] == ["motion", "election", "evaluation"]
    assert all(i.status == "closed" and i.result is not None for i in items)
    assert all(i.participants > 30 for i in items)  # most representatives voted on each
    motion, election, evaluation = (i.result for i in items)
    assert items[0].reserved and motion["passed"] is True and motion["counts"]["agree"] >= motion["needed"] == 21
    assert election["elected"] == [0] and len(items[1].options["candidates"]) == 3
    assert len(items[2].options["managers"]) == 3 and set(evaluation["shares"]) == {"0", "1", "2"}
    # The ballot box was emptied at close; each online vote is in ``votes``, none linked to a voter.
    participations = rows(env, Participation)
    assert rows(env, BallotBoxVote) == []
    assert len(rows(env, Vote)) == sum(1 for p in participations if p.channel == "online")
    assert {p.channel for p in participations} == {"online", "paper"}
    (resolution,) = services.search_cases(env, services.SYSTEM_ACTOR, workflow="resolution").items
    view = services.case_view(env, services.SYSTEM_ACTOR, resolution.id)
    assert view.state == "implementing" and view.data["item_id"] == items[0].id
    assert len(view.open_tasks) == 1  # human resources reported; finance still has to


def test_the_next_session_is_prepared_and_its_documents_wait_for_the_proposals(loaded_demo):
    env = loaded_demo
    union = demo_union(env)
    upcoming = {s.number: s for s in congress.list_congress_sessions(env, union.id)}[demo_data.NUMBER]
    status = congress.session_status(env, upcoming.id)
    assert status.phase == "planned" and upcoming.collecting(NOW.date())  # proposals are still being collected
    assert services.case_view(env, services.SYSTEM_ACTOR, status.case_id).state == "planned"
    items = congress.list_items(env, upcoming.id)
    assert [(i.status, i.reserved) for i in items] == [("draft", True)] * 2
    # The special contract on women staff's rights comes to the ballot from its bargaining case, talks behind it.
    (women,) = [i for i in items if "女职工权益保护专项集体合同" in i.title]
    case = services.case_view(env, services.SYSTEM_ACTOR, women.case_id)
    assert (case.summary.workflow, case.state, case.data["kind"]) == ("bargaining", "congress_vote", "women_protection")
    assert case.data["vote_item"] == women.id and len(case.data["rounds"]) == 2 and case.data["drafts"]
    rep = services.find_user(env, demo_data.REPRESENTATIVE[1])
    assert congress.duties(env, rep.id) == []


def test_a_collective_contract_is_in_force_and_next_years_wage_agreement_is_in_negotiation(loaded_demo):
    env = loaded_demo
    office, chair, employer = (services.find_user(env, u[1]) for u in (demo_data.OFFICE, demo_data.CHAIR,
                                                                       demo_data.EMPLOYER))
    assert employer.holds("employer")
    found = {c.data["kind"]: c for c in services.search_cases(env, services.SYSTEM_ACTOR, workflow="bargaining",
                                                              organisation_id=demo_union(env).id).items}
    contract, wage = found["collective_contract"], found["wage_agreement"]
    data = contract.data
    assert contract.state == "in_force" and date.fromisoformat(data["effective_on"]).year == NOW.year
    assert data["published"]["on"] >= data["effective_on"] and len(data["checks"]) == 1
    assert data["vote"]["passed"] is True and set(data["signatures"]) == {"union", "employer"}
    assert data["union_chief"] == chair.id and data["employer_chief"] == employer.id and data["term_years"] == 3
    item = congress.get_item(env, data["vote_item"])
    first = congress.session_status(env, item.session_id)
    assert first.phase == "closed" and item.result["counts"]["agree"] > item.result["needed"]
    assert [e.trigger for e in services.case_view(env, services.SYSTEM_ACTOR, contract.id).history][-4:] == [
        "take_effect", "publish", "check_due", "record_check"]
    data = wage.data
    assert wage.state == "negotiating" and len(data["rounds"]) == 2
    assert [d["version"] for d in data["drafts"]] == [1, 2]
    assert len(data["union_negotiators"]) == len(data["employer_negotiators"]) == 3
    assert (NOW - wage.created_at).days < 42  # talks of the last weeks
    opinions = bargaining.list_opinions(env, services.Actor(office.id), wage.id)
    assert opinions.total == 3 and sum(1 for o in opinions.items if o.author is None) == 2
    assert list(audit.verify(env.db)) == []


def test_the_loader_needs_a_clock_it_can_move(sqlite_template, tmp_path):
    settings = settings_for(sqlite_template, tmp_path)
    env = services.open_env(settings, clock=SystemClock())
    with pytest.raises(TypeError):
        load_demo(env, settings, PASSWORD)
    env.db.dispose()


def counts(settings: Settings) -> tuple[int, int]:
    engine = sa.create_engine(settings.effective_database_url)
    with engine.connect() as conn:
        found = (conn.execute(sa.select(sa.func.count()).select_from(User.__table__)).scalar_one(),
                 conn.execute(sa.select(sa.func.count()).select_from(Case.__table__)  # the disclosure register's
                             .where(Case.workflow.not_like("disclosure%"))).scalar_one())  # are counted apart
    engine.dispose()
    return found


def test_the_command_loads_once_and_turns_on_the_sign_in_page_accounts(sqlite_template, tmp_path):
    settings = settings_for(sqlite_template, tmp_path)
    runner = CliRunner()
    first = runner.invoke(demo, ["--if-empty", "--password", PASSWORD], obj=settings)
    assert first.exit_code == 0, first.output
    assert "wangjianguo" in first.output and "工会办公室" in first.output and PASSWORD in first.output
    config = settings.instance_path / "unionflow.toml"
    assert config.exists()
    loaded = counts(settings)
    # the congress's chair and tellers, the employer, the staff who send requests, the district federation's
    # staff member and each smaller member union's office and chair, the employers' association's representative
    # and two enterprises' managers (regional bargaining)
    assert loaded[0] == (130 + 1 + len(demo_data.TELLERS) + 1 + len(demo_requests.STAFF)
                         + len(demo_federation.PEOPLE) + 1 + len(regional_demo.MANAGERS)
                         + len(demo_federation.HENGDA_PEOPLE) + len(demo_federation.HENGDA_REPS)
                         + len(demo_federation.XINYANG_REPS))
    # three sessions and a resolution; three bargaining cases; the agenda topics sent for the third session;
    # nine requests and the proposal one became; two inspections and five findings; the suggestions; one
    # regional bargaining case; 恒达纺织's session, proposals and wage agreement; 新阳电子's session; one committee
    # election and the watch of each of the six unions' committee terms; member transfers (one accepted, one
    # awaiting) and an application awaiting review
    assert loaded[1] == (len(demo_data.PROPOSALS) + 4 + 3 + 1 + len(demo_agenda.TOPICS)
                         + len(demo_agenda.EARLIER_TOPICS) + 9 + 1 + 7
                         + len(demo_suggestions.SUGGESTIONS)
                         + 1 + len(demo_federation.PROPOSALS) + 1 + 1
                         + 1 + 6 + 3
                         + 2)  # last year's statistical return and this year's
    assert "congress term 5 with 40 representatives" in first.output and "shenguohua" in first.output
    assert "helijun" in first.output and "a collective contract in force" in first.output

    again = runner.invoke(demo, ["--if-empty"], obj=settings)
    assert again.exit_code == 0 and "no demo data loaded" in again.output
    assert counts(settings) == loaded
    refused = runner.invoke(demo, [], obj=settings)
    assert refused.exit_code == 1 and "already has users" in refused.output
    assert counts(settings) == loaded

    reread = load_settings(config, environ={"UNIONFLOW_DATABASE_URL": settings.database_url,
                                            "UNIONFLOW_INSTANCE_PATH": str(settings.instance_path)})
    assert reread.extra["demo"] == {"enabled": True, "password": PASSWORD}
    app = create_app({"TESTING": True}, settings=reread)
    page = app.test_client().get("/login").get_data(as_text=True)
    assert 'id="demo-accounts"' in page and PASSWORD in page
    assert all(a["username"] in page for a in demo_accounts(reread)["accounts"])
    app.extensions["unionflow"].db.dispose()


def test_a_short_password_loads_nothing_and_an_existing_config_file_is_kept(sqlite_template, tmp_path):
    settings = settings_for(sqlite_template, tmp_path)
    result = CliRunner().invoke(demo, ["--password", "short"], obj=settings)
    assert result.exit_code == 2 and "--password" in result.output
    assert counts(settings) == (0, 0)
    assert write_demo_config(settings, PASSWORD) == settings.instance_path / "unionflow.toml"
    config = settings.instance_path / "unionflow.toml"
    config.write_text("[proposal]\nhandling_days = 20\n", encoding="utf-8")
    assert write_demo_config(settings, PASSWORD) is None
    assert config.read_text(encoding="utf-8") == "[proposal]\nhandling_days = 20\n"
    config.unlink()
    assert write_demo_config(settings.model_copy(update={"config_file": tmp_path / "elsewhere.toml"}), PASSWORD) is None
    assert not config.exists()


def test_every_proposer_and_co_signer_is_on_the_term_5_roster(loaded_demo):
    env = loaded_demo
    found = proposals(env)
    [union] = {c.organisation_id for c in found}
    [term] = [t.id for t in congress.list_terms(env, union) if t.number == 5]
    roster = {r.user_id for r in congress.list_roster(env, term)}
    assert len(found) == 60 + 1  # and the draft a worker request became
    assert [c.id for c in found if c.created_by not in roster] == []
    co_signatures = [u for c in found for u in c.data.get("co_signers", [])]
    assert len(co_signatures) > 60 and [u for u in co_signatures if u not in roster] == []


def test_worker_requests_stand_in_several_steps_some_overdue_one_anonymous_urgent_merged_and_converted(loaded_demo):
    env = loaded_demo
    found = services.search_cases(env, services.SYSTEM_ACTOR, workflow="worker_request", per_page=50).items
    states = Counter(c.state for c in found)
    assert {"awaiting_registration", "registered", "routed", "replied", "closed", "merged", "converted",
            "chair_review"} <= set(states)
    assert [c.title for c in found if c.data.get("anonymous")] == ["加班费计算基数偏低"]
    assert [c.title for c in found if c.data.get("urgent")] == ["高温岗位防暑降温用品未发放"]
    late = services.search_cases(env, services.SYSTEM_ACTOR, workflow="worker_request", overdue=True).items
    assert {"加班费计算基数偏低", "高温岗位防暑降温用品未发放"} <= {c.title for c in late}
    [converted] = [c for c in found if c.state == "converted"]
    proposal = services.case_view(env, services.SYSTEM_ACTOR, converted.data["proposal_case"])
    assert (proposal.summary.workflow, proposal.state) == ("proposal", "draft")


def test_the_inspection_is_closed_with_findings_in_several_states(loaded_demo):
    env = loaded_demo
    found = services.search_cases(env, services.SYSTEM_ACTOR, workflow="inspection").items
    assert sorted(c.state for c in found) == ["closed", "recording"]  # and the next one is under way
    [inspection] = [c for c in found if c.state == "closed"]
    assert len(inspection.data["representatives"]) == 3
    findings = services.search_cases(env, services.SYSTEM_ACTOR, workflow="finding", per_page=50).items
    states = Counter(f.state for f in findings)
    assert states == {"accepted": 1, "rectifying": 2, "checking": 1, "chair_decision": 1}
    today = NOW.date().isoformat()
    rectifying = {f.title: f for f in findings if f.state == "rectifying"}
    assert rectifying["配电房灭火器过期未更换"].data["due_date"] < today  # overdue, never reported
    refused = rectifying["两台冲床安全防护罩缺失"]
    assert refused.data["refusals"] == 1 and refused.data["due_date"] > today  # back with a new deadline
    roster = {r.user_id for r in congress.list_roster(env, congress.list_terms(env)[0].id)}
    assert set(inspection.data["representatives"]) <= roster


def test_suggestions_stand_at_several_steps_and_one_is_overdue(loaded_demo):
    env = loaded_demo
    found = services.search_cases(env, services.SYSTEM_ACTOR, workflow="suggestion", per_page=50).items
    assert {c.state for c in found} == {"awaiting_routing", "assessing", "not_adopted", "implementing",
                                        "implemented", "awarded"}
    overdue = services.search_cases(env, services.SYSTEM_ACTOR, workflow="suggestion", overdue=True).items
    assert [c.title for c in overdue] == ["仓库物料条码管理"]
    implemented = [c for c in found if c.state in ("implemented", "awarded")]
    assert all(c.data["benefit_amount"] > 0 and c.data["implemented_on"] for c in implemented)
    assert max(c.updated_at for c in found) < NOW


def test_agenda_topics_stand_in_several_steps_one_left_unsorted_past_its_deadline(loaded_demo):
    env = loaded_demo
    found = services.search_cases(env, services.SYSTEM_ACTOR, workflow="agenda_topic", per_page=50).items
    assert {"to_sort", "on_agenda", "merged", "declined"} <= {c.state for c in found}
    late = services.search_cases(env, services.SYSTEM_ACTOR, workflow="agenda_topic", overdue=True).items
    assert [c.title for c in late] == ["厂区停车位紧张"]  # the earlier session's, never sorted


def test_a_regional_contract_led_by_the_district_is_in_force_at_its_five_enterprises(loaded_demo):
    env = loaded_demo
    (case,) = services.search_cases(env, services.SYSTEM_ACTOR, workflow=bargaining.REGIONAL).items
    district = services.get_organisation(env, case.organisation_id)
    assert district.name == demo_federation.DISTRICT and case.state == "in_force"
    assert case.data["vote"]["passed"] and case.data["congress"]["mode"] == "each"
    rows = bargaining.covered_rows(env, case.id)
    assert len(rows) == 5 and [r["name"] for r in rows if r["added_by_amendment"]] == ["武进湖塘物流有限公司工会"]
    for _, office, _ in demo_federation.MEMBER_UNIONS.values():
        user = services.find_user(env, office[1])
        union = next(r.organisation_id for r in user.roles if r.role == "union_office")
        assert [c.id for c in bargaining.agreements_of(env, services.Actor(user.id), union)] == [case.id]
    main = services.find_user(env, demo_data.OFFICE[1])  # the demo's own union is not covered
    assert case.id not in {c.id for c in bargaining.agreements_of(env, services.Actor(main.id), demo_union(env).id)}


def test_each_union_has_its_committee_term_one_past_and_one_running_out(loaded_demo):
    from workflows.elections import services as elections

    env, today = loaded_demo, NOW.date()
    union, f = demo_union(loaded_demo), services.list_organisations(env, kind="union")
    terms = elections.committee_terms(env, [u.id for u in f])
    assert len(terms) == 6 and terms[union.id].term_years == 5 and all(t.approved for t in terms.values())
    assert terms[union.id].elected_on.year == today.year - 2
    names = {u.id: u.name for u in f}
    assert [names[u] for u, t in terms.items() if t.past_term(today)] == [demo_federation.MEMBER_UNIONS["jinding"][0]]
    assert [names[u] for u, t in terms.items() if t.ends_within(today, 6)] == [
        demo_federation.MEMBER_UNIONS["hutang"][0]]


def test_the_terms_are_watched_and_one_member_union_awaits_the_federation_on_its_election_plan(loaded_demo):
    from workflows.elections import services as elections

    env = loaded_demo
    staff = services.list_users(env, role="federation_office")[0]
    watches = services.search_cases(env, services.Actor(staff.id), workflow=elections.TERM, per_page=20).items
    states = sorted(w.state for w in watches)
    assert states == ["in_office"] * 4 + ["past_term", "renewal_due"]
    (plan,) = services.search_cases(env, services.Actor(staff.id), workflow=elections.ELECTION).items
    assert plan.state == "plan_submitted" and plan.title.startswith("第四届")
    assert {t.case_id for t in services.inbox(env, staff.id).items} >= {plan.id} | {
        w.id for w in watches if w.state == "past_term"}


def test_last_years_return_is_accepted_by_the_district_and_this_years_is_drafted(loaded_demo):
    from workflows.returns import services as returns
    from workflows.returns.demo import CORRECTION

    env, union = loaded_demo, demo_union(loaded_demo)
    found = {c.data["year"]: c for c in services.search_cases(env, services.SYSTEM_ACTOR, workflow=returns.NAME).items}
    assert sorted(found) == [NOW.year - 1, NOW.year]
    last, current = found[NOW.year - 1], found[NOW.year]
    assert (last.final, last.organisation_id, current.final) == (True, union.id, False)
    staff = services.find_user(env, demo_federation.STAFF[1])
    view = returns.return_view(env, services.Actor(staff.id), last.id)
    shown = {f.line.code: f for _, figures in view.sections for f in figures}
    corrected = shown[CORRECTION["line"]]
    assert (corrected.value, corrected.computed, corrected.note) == (CORRECTION["value"], 0, CORRECTION["note"])
    assert shown["members_total"].value == shown["members_total"].computed > 0  # from the member register
    figures = {f.line.code: f for _, fs in returns.return_view(env, services.SYSTEM_ACTOR, current.id).sections
               for f in fs}
    assert figures["reps_total"].computed == 40 and figures["congress_sessions"].computed >= 1
    assert figures["requests_received"].computed >= 1 and figures["proposals_submitted"].computed >= 1
    district = returns.consolidate(env, staff.id, union.parent_id, NOW.year - 1)
    assert (district.unions, district.accepted) == (6, 1)
    assert district.values["members_total"] == shown["members_total"].value
    assert district.values[CORRECTION["line"]] == CORRECTION["value"]
    assert len(district.missing) == 5


def test_a_member_unions_return_counts_the_regional_agreement_covering_it_as_in_force(loaded_demo):
    from workflows.returns import services as returns

    env = loaded_demo
    names = {u.name: u.id for u in services.list_organisations(env, kind="union")}
    hengda = names[demo_federation.MEMBER_UNIONS["hengda"][0]]
    # 恒达纺织's own wage agreement is signed and not filed; the district's regional contract covers it
    assert returns.compute(env, hengda, NOW.year)["agreements_in_force"] == 1
    assert returns.compute(env, demo_union(env).id, NOW.year)["agreements_in_force"] == 1  # its own contract
