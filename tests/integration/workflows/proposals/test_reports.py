"""The proposal register and handling statistics as Excel and CSV, read back as the union office's Excel would."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from engine import services
from engine.cli import main
from engine.core.context import Actor
from engine.output.tables import write_csv, write_xlsx
from support.acting import act
from support.union import Union
from workflows import dashboard
from workflows.proposals import form as proposal_form
from workflows.proposals import report as proposal_report
from workflows.proposals import spec as proposal
from workflows.proposals.report import Register

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    return Union(env)


def submitted(env, u, title, category="welfare"):
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, title,
                                  {**FORM, "category": category, "session_id": u.session}).case_id
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    return case_id


def assigned(env, u, title, department, category="welfare"):
    case_id = submitted(env, u, title, category)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": department, "due_date": "2026-12-23"})
    return case_id


@pytest.fixture
def handled(env, union, clock):
    u = union
    on_time = assigned(env, u, "关于夜班供餐的提案", u.logistics)
    act(env, u.logistics_handler, on_time, "answer", {"classification": "solved", "answer": "已开放夜班窗口。"})
    act(env, u.rep1, on_time, "rate", {"attitude": "satisfied", "result": "satisfied"})
    assigned(env, u, "关于更新车间通风设备的提案", u.works, category="safety")  # never answered: overdue later
    rejected = submitted(env, u, "关于发放购物卡的提案")
    act(env, u.committee, rejected, "reject", {"reason": "不属于提案范围"})
    services.start_case(env, Actor(u.rep4), "proposal", u.union, "一份草稿", {**FORM, "session_id": u.session})
    clock.advance(days=40)  # 2027-01-02: the second proposal is overdue
    return u


def test_the_register_in_excel_has_chinese_headers_frozen_rows_widths_and_dates(env, handled):
    out = io.BytesIO()
    write_xlsx(Register(env, handled.session).sheets(), out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["提案汇编", "办理情况统计"]
    sheet = book["提案汇编"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["提案号", "案由", "提案人", "附议人", "类别", "当前环节"]
    assert sheet.freeze_panes == "A2" and round(sheet.column_dimensions["B"].width) in (40, 41)
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"关于夜班供餐的提案", "关于更新车间通风设备的提案", "关于发放购物卡的提案"}  # no draft
    first = rows["关于夜班供餐的提案"]
    assert (first["提案号"], first["提案人"], first["附议人"], first["主办部门"]) == (1, "王建国", "李秀英、张伟",
                                                                                       "后勤保障部")
    assert (first["答复类别"], first["提案人评价"], first["审查结果"]) == ("已解决/采纳", "满意", "立案")
    assert first["提交日期"].date() == date(2026, 11, 23) and first["办理期限"].date() == date(2026, 12, 23)
    assert rows["关于发放购物卡的提案"]["审查结果"] == "不予立案"
    stats = {r[0]: r for r in book["办理情况统计"].iter_rows(min_row=2, values_only=True)}
    assert stats["后勤保障部"][1:5] == (1, 1, 1, 0) and stats["后勤保障部"][9] == 1.0
    assert stats["生产部"][1:5] == (1, 0, 0, 1)  # assigned, not answered, overdue
    assert stats["合计"][1:5] == (2, 1, 1, 1)


def test_the_register_as_csv_opens_in_excel_with_a_byte_order_mark(env, handled):
    out = io.BytesIO()
    register_sheet, _ = Register(env, handled.session).sheets()
    write_csv(register_sheet, out)
    raw = out.getvalue()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["提案号", "案由"] and len(rows) == 4
    assert {r[1]: r[12] for r in rows[1:]}["关于夜班供餐的提案"] == "2026-11-23"


def test_the_report_command_writes_both_formats(env, handled, tmp_path, monkeypatch):
    monkeypatch.setenv("UNIONFLOW_DATABASE_URL", env.db.url.replace("+psycopg", ""))
    runner = CliRunner()
    target = tmp_path / "register.xlsx"
    result = runner.invoke(main, ["report", "proposals", "--session", str(handled.session), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(target)["提案汇编"]["B1"].value == "案由"
    result = runner.invoke(main, ["report", "proposals", "--session", "999", "--format", "csv", "-o",
                                  str(tmp_path / "x.csv")])
    assert result.exit_code != 0 and "999" in result.output


def test_the_register_report_is_for_the_committee_office_and_chair_and_streams_its_statistics(env, handled):
    u = handled
    env.registry.reports.register(proposal_report.REPORT)
    with pytest.raises(services.PermissionDenied):
        services.build_report(env, Actor(u.rep1), "proposal_register", session_id=u.session)
    report = services.build_report(env, Actor(u.office), "proposal_register", "en", session_id=u.session)
    assert report.filename == "Proposal register-第五届职代会第三次会议"
    stats = {row["name"]: row for row in report.sheets[1].rows}  # read alone: the register is read for it
    assert stats["Total"]["assigned"] == 2 and stats["Total"]["overdue"] == 1


def test_the_dashboard_counts_a_unions_proposals_on_both_backends(env, handled):
    u = handled
    env.registry.reports.register(dashboard.REPORT)
    with pytest.raises(services.PermissionDenied):
        services.build_report(env, Actor(u.rep1), "dashboard", organisation_id=u.union)
    report = services.build_report(env, Actor(u.committee), "dashboard", organisation_id=u.union,
                                   session_id=u.session)
    charts = {c.key: c for c in report.charts}
    assert set(charts) == {"states", "categories", "overdue", "answer_days", "satisfaction", "bargaining",
                           "turnout"}
    assert sum(r["count"] for r in charts["states"].rows) == 3
    assert {r["category"]: r["count"] for r in charts["categories"].rows}["生活福利"] == 2
    assert {r["name"]: r["overdue_now"] for r in charts["overdue"].rows} == {"后勤保障部": 0, "生产部": 1}
    assert [r["name"] for r in charts["answer_days"].rows] == ["后勤保障部", "生产部", "合计"]
    assert charts["satisfaction"].rows[0]["satisfaction"] == 1.0
    assert charts["bargaining"].rows == [] and charts["turnout"].rows == []  # neither is registered here
    assert dict(report.summary)["提案"] == "3" and dict(report.summary)["逾期未答复"] == "1"


def test_the_proposal_form_has_the_paper_forms_lines(env, handled):
    u = handled
    env.registry.reports.register(proposal_form.REPORT)
    case_id = services.search_cases(env, services.SYSTEM_ACTOR, workflow="proposal", text="夜班").items[0].id
    report = services.build_report(env, Actor(u.rep1), "proposal_form", case_id=case_id)
    lines = {cell.label: cell.value for line in report.form.lines for cell in line}
    assert lines["案由"] == "关于夜班供餐的提案" and lines["附议人"] == "李秀英、张伟"
    assert lines["主办部门"] == "后勤保障部" and lines["办理类别"] == "已解决/采纳"
    assert lines["提案人评价"] == "办理态度：满意；办理结果：满意" and lines["提交日期"] == "2026-11-23"
    assert dict(report.form.heading)["提案号"] == "第 1 号"


def test_the_dashboards_figures_equal_a_direct_count_of_the_cases_on_both_backends(env, handled, clock):
    """The database groups the proposals; counting the cases one by one gives the same figures."""
    u = handled
    clock.advance(days=-40)  # back in the collection period
    late = assigned(env, u, "关于延长午休时间的提案", u.logistics, category="wages")
    clock.advance(days=3)
    act(env, u.logistics_handler, late, "answer", {"classification": "in_plan", "answer": "列入明年计划。"})
    act(env, u.rep1, late, "rate", {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "太晚"})
    clock.advance(days=37)
    env.registry.reports.register(dashboard.REPORT)
    report = services.build_report(env, Actor(u.committee), "dashboard", organisation_id=u.union,
                                   session_id=u.session)
    charts = {c.key: c for c in report.charts}
    found = [c for batch in services.case_batches(env, Actor(u.committee), workflow="proposal",
                                                   organisation_id=u.union, data={"session_id": u.session},
                                                   exclude_states=proposal_report.PRIVATE) for c in batch]
    times = services.first_times(env, [c.id for c in found], ("assign", "answer"))
    states = {}
    for c in found:
        states[c.state_label("zh")] = states.get(c.state_label("zh"), 0) + 1
    assert {r["step"]: r["count"] for r in charts["states"].rows} == states
    assert sum(r["count"] for r in charts["categories"].rows) == len(found) == 4
    spans: dict[str, list[float]] = {}
    names = {o.id: o.name for o in services.list_organisations(env)}
    for c in found:
        when = times[c.id]
        if "assign" in when and "answer" in when:
            days = (when["answer"] - when["assign"]).total_seconds() / 86400
            spans.setdefault(names[c.data["lead_department"]], []).append(days)
    rows = {r["name"]: r for r in charts["answer_days"].rows}
    for name, days in spans.items():
        assert rows[name]["answered"] == len(days)
        assert rows[name]["mean"] == round(sum(days) / len(days), 1)
    every = sorted(d for days in spans.values() for d in days)
    assert rows["合计"]["answered"] == len(every) == 2
    assert rows["合计"]["median"] == round((every[0] + every[1]) / 2, 1)
    satisfaction = {r["name"]: r for r in charts["satisfaction"].rows}
    assert satisfaction["后勤保障部"]["rated"] == 2 and satisfaction["后勤保障部"]["satisfaction"] == 0.5
    assert dict(report.summary)["提案"] == "4"


def test_the_counts_are_of_the_cases_the_actor_may_read(env, handled):
    u = handled
    scope = services.Scope("proposal", u.union, (("session_id", u.session),))
    drafts = [g for g in services.count_cases(env, Actor(u.rep4), scope, ("state",)) if g["state"] == "draft"]
    assert drafts == [{"state": "draft", "count": 1}]  # the proposer reads their own draft
    assert not [g for g in services.count_cases(env, Actor(u.committee), scope, ("state",)) if g["state"] == "draft"]
    assert services.count_cases(env, services.SYSTEM_ACTOR, scope, ("has.assign",)) == [
        {"has.assign": False, "count": 2}, {"has.assign": True, "count": 2}]


def _both_ways(env, actor, scope):
    keys = dashboard.GROUPS
    live = services.count_cases(env, actor, scope, keys, from_rollups=False)
    kept = services.count_cases(env, actor, scope, keys)
    spans = [services.days_between(env, actor, scope, "assign", "answer", group_by="data.lead_department",
                                   from_rollups=r) for r in (False, True)]
    return live, kept, spans


def _same_days(found, expected):
    """The same counts and medians; the means equal to a millionth of a day (the database's day arithmetic)."""
    assert found.keys() == expected.keys()
    for key, days in found.items():
        assert (days.count, days.median) == (expected[key].count, expected[key].median)
        assert days.mean == pytest.approx(expected[key].mean, abs=1e-6)


def _same(found, expected):
    key = lambda g: repr(sorted(g.items()))  # noqa: E731
    assert sorted(found, key=key) == sorted(expected, key=key)


def test_the_counts_kept_by_each_action_equal_a_count_of_the_cases_on_both_backends(env, handled, clock):
    """Every action moves the case between the rollup's groups: the kept counts equal the cases counted one
    group at a time, by session and for all sessions, and again after they are rebuilt from scratch."""
    from engine.core import rollups
    from engine.store.rollup_tables import RollupCount, RollupEntry

    u = handled
    clock.advance(days=-40)  # back in the collection period
    late = assigned(env, u, "关于延长午休时间的提案", u.logistics, category="wages")
    clock.advance(hours=50)
    act(env, u.logistics_handler, late, "answer", {"classification": "in_plan", "answer": "列入明年计划。"})
    for scope in (services.Scope("proposal", u.union, (("session_id", u.session),), proposal_report.PRIVATE),
                  services.Scope("proposal", u.union, (), proposal_report.PRIVATE)):
        live, kept, (days_live, days_kept) = _both_ways(env, Actor(u.committee), scope)
        _same(kept, live)
        assert sum(g["count"] for g in kept) == 4
        _same_days(days_kept, days_live)
        assert days_kept[None].count == 2
    with env.db.write() as conn:  # a database from before the counts were kept
        conn.execute(sa.delete(RollupEntry))
        conn.execute(sa.delete(RollupCount))
    scope = services.Scope("proposal", u.union, (("session_id", u.session),), proposal_report.PRIVATE)
    assert services.count_cases(env, Actor(u.committee), scope, ("state",)) == []
    assert rollups.fill_missing(env) == 5  # the draft too: counted for everyone, shown to who reads it
    live, kept, (days_live, days_kept) = _both_ways(env, Actor(u.committee), scope)
    _same(kept, live)
    _same_days(days_kept, days_live)


def test_a_reader_of_some_cases_only_is_counted_from_the_cases_not_the_rollup(env, handled):
    """The proposer reads their own draft and the public steps: the kept counts (for everyone, without drafts)
    would be wrong for them, so theirs are counted case by case."""
    u = handled
    scope = services.Scope("proposal", u.union, (("session_id", u.session),))
    mine = services.count_cases(env, Actor(u.rep4), scope, ("state",))
    assert mine == services.count_cases(env, Actor(u.rep4), scope, ("state",), from_rollups=False)
    assert {"state": "draft", "count": 1} in mine
