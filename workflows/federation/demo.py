"""The demo's district federation: 武进区总工会 under the city's federation, the demo's enterprise union and five
smaller member unions under it, each with its union office and chair, and the federation's own staff member;
one member union's year (恒达纺织: a congress held, two proposals, a wage agreement signed and not filed); and an
invitation to join awaiting its answer (瑞丰包装, a small union under the city's federation directly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from engine import services
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.congress import services as congress
from workflows.congress.demo import workday
from workflows.federation.affiliations import invite
from workflows.federation.roles import FEDERATION_OFFICE

if TYPE_CHECKING:
    from workflows.demo import People

DISTRICT = "武进区总工会"
# The federation's staff member the sign-in page offers (name, username).
STAFF = ("顾明远", "gumingyuan")
# The smaller member unions: key → (union's name, its union office (name, username), its chair (name, username)).
MEMBER_UNIONS = {
    "hengda": ("常州恒达纺织有限公司工会", ("许晓红", "xuxiaohong"), ("钱国平", "qianguoping")),
    "xinyang": ("常州新阳电子科技有限公司工会", ("彭立军", "penglijun"), ("姚文华", "yaowenhua")),
    "mingyuan": ("常州明远食品有限公司工会", ("华素芬", "huasufen"), ("邹建平", "zoujianping")),
    "jinding": ("常州金鼎建材有限公司工会", ("尤振宇", "youzhenyu"), ("万桂兰", "wanguilan")),
    "hutang": ("武进湖塘物流有限公司工会", ("邵丽萍", "shaoliping"), ("戴永康", "daiyongkang")),
}
# A small enterprise union founded this autumn under the city's federation directly, which the district invites.
NEWCOMER = "常州瑞丰包装有限公司工会"
NEWCOMER_OFFICE = ("葛春燕", "gechunyan")  # a surname the generated representatives never take
INVITATION_NOTE = "贵公司位于武进区湖塘镇，欢迎加入武进区总工会，由区总工会就近指导服务。"
PEOPLE = (STAFF, *(person for _, office, chair in MEMBER_UNIONS.values() for person in (office, chair)),
          NEWCOMER_OFFICE)


@dataclass
class Federation:
    """What the demo made above and beside the demo's union."""

    district: int = 0
    staff: int = 0
    unions: dict[str, int] = field(default_factory=dict)  # key → union id
    offices: dict[str, int] = field(default_factory=dict)  # key → its union office's user id
    chairs: dict[str, int] = field(default_factory=dict)  # key → its chair's user id
    newcomer: int = 0  # the union invited to join, not (yet) under the district
    newcomer_office: int = 0
    invitation: int = 0


def district(env: services.Env, city: int) -> int:
    """The district federation under the city's."""
    return services.create_organisation(env, DISTRICT, "federation", city)


def _user(env: services.Env, p: People, person: tuple[str, str], password: str) -> int:
    user_id = services.create_user(env, person[1], person[0], email=f"{person[1]}@wjzgh.example.com")
    services.set_password(env, user_id, password)
    p.names[user_id] = person
    return user_id


def add(env: services.Env, p: People, district_id: int, password: str) -> Federation:
    """The federation's staff member and the five smaller member unions with their office and chair."""
    f = Federation(district=district_id)

    def user(person: tuple[str, str]) -> int:
        return _user(env, p, person, password)

    f.staff = user(STAFF)
    services.grant_role(env, f.staff, district_id, FEDERATION_OFFICE)
    for key, (name, office, chair) in MEMBER_UNIONS.items():
        f.unions[key] = services.create_organisation(env, name, "union", district_id)
        f.offices[key], f.chairs[key] = user(office), user(chair)
        services.grant_role(env, f.offices[key], f.unions[key], "union_office")
        services.grant_role(env, f.chairs[key], f.unions[key], "union_chair")
    return f


def invitation(env: services.Env, clock: FixedClock, p: People, f: Federation, today: date, password: str) -> int:
    """瑞丰包装's union, founded this autumn under the city's federation with its union office (葛春燕), and the
    district's invitation to join, sent on the last working day before today and awaiting the office's answer on
    its page 上级工会 (the office is told in the app). Made last, so that every other id of the demo stays as it
    was. Returns the invitation."""
    city = services.get_organisation(env, f.district).parent_id
    clock.set(_at(workday(env, today - timedelta(days=40), -1), 9))
    f.newcomer = services.create_organisation(env, NEWCOMER, "union", city)
    f.newcomer_office = _user(env, p, NEWCOMER_OFFICE, password)
    services.grant_role(env, f.newcomer_office, f.newcomer, "union_office")
    clock.set(_at(workday(env, today - timedelta(days=1), -1), 15, 30))
    f.invitation = invite(env, f.staff, f.district, f.newcomer, INVITATION_NOTE)
    return f.invitation


# -- a member union's year, so that the federation's view has something to show --------------------------------
HENGDA = "hengda"
HENGDA_PEOPLE = {  # username → (name, role at the union or its department, or None)
    "shenjianhua": ("沈建华", "employer"), "jiangli": ("蒋丽", None), "hantao": ("韩涛", None),
    "zhuhong": ("朱红", "handler"),
}
HENGDA_REPS = (("hd_lujun", "陆军"), ("hd_caiyan", "蔡燕"), ("hd_zhoubin", "周斌"), ("hd_yanghua", "杨华"),
               ("hd_sunli", "孙莉"))
SESSION_NAME = "恒达纺织第一届职代会第一次会议"
WAGE_TITLE = "{year}年度工资专项集体合同"
WAGE_DRAFT = ("第一条 本合同适用于公司全体职工。\n第二条 {year}年职工平均工资增长5%，一线挡车工不低于6%。\n"
              "第三条 夜班津贴每班25元。")
PROPOSALS = (("关于车间增设降温设备的提案", "夏季织造车间温度过高", "增设冷风机并调整高温时段作息", "safety"),
             ("关于职工食堂延长供餐时间的提案", "夜班职工下班后无处就餐", "食堂夜间增开一个窗口", "welfare"))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def _act(env: services.Env, who: int, case_id: int, trigger: str, form: dict[str, Any] | None = None) -> None:
    services.fire(env, services.Actor(who), case_id, trigger, form)


def member_year(env: services.Env, clock: FixedClock, p: People, f: Federation, today: date) -> int:
    """恒达纺织's year: its congress held with a secret ballot and its quorum, two proposals (one answered on time
    and rated, one assigned and overdue), and a wage agreement the congress passed and both chiefs signed some
    three weeks ago, not yet filed with the labour administration (《集体合同规定》 art. 42: within 10 days).
    Returns the agreement's case."""
    union, office, chair = f.unions[HENGDA], f.offices[HENGDA], f.chairs[HENGDA]
    logistics = services.create_organisation(env, "后勤部", "department", union)
    users = {u: services.create_user(env, u, name) for u, (name, _) in HENGDA_PEOPLE.items()}
    for username, (_, role) in HENGDA_PEOPLE.items():
        if role:
            services.grant_role(env, users[username], logistics if role == "handler" else union, role)
    services.grant_role(env, users["shenjianhua"], union, "leader")
    services.grant_role(env, chair, union, "proposal_committee")
    start = workday(env, today - timedelta(days=50), 1)
    opens = workday(env, today - timedelta(days=30), 1)
    clock.set(_at(start, 9))
    term = congress.ensure_term(env, union, 1, staff_count=420, women_staff_count=260)
    rows = [(u, n) for u, n in ((p.names[chair][1], p.names[chair][0]), *HENGDA_REPS)]
    congress.import_roster(env, term, ("username,name,email,delegation,category,sex,department\n" + "".join(
        f"{u},{n},,第一代表团,worker,{'f' if i % 2 else 'm'},织造车间\n" for i, (u, n) in enumerate(rows))).encode())
    roster = [r.user_id for r in congress.list_roster(env, term)]
    reps = [r for r in roster if r != chair]
    session = congress.create_congress_session(env, union, term=1, number=1, name=SESSION_NAME,
                                               collection_opens=start - timedelta(days=5),
                                               collection_closes=start + timedelta(days=5), opens_on=opens)
    session_case = services.start_case(env, services.Actor(office), "congress", union, SESSION_NAME,
                                       {"session_id": session}).case_id
    # proposals, sent while the session collects them
    proposals = []
    for title, reasons, measures, category in PROPOSALS:
        case_id = services.start_case(env, services.Actor(reps[0]), "proposal", union, title, {
            "session_id": session, "category": category, "reasons": reasons, "measures": measures}).case_id
        _act(env, reps[0], case_id, "invite", {"co_signers_invited": reps[1:3]})
        for rep in reps[1:3]:
            _act(env, rep, case_id, "co_sign")
        _act(env, chair, case_id, "accept")
        _act(env, users["shenjianhua"], case_id, "endorse", {"instruction": "同意，请后勤部办理。"})
        proposals.append(case_id)
    # the wage agreement's talks
    year = opens.year
    wage = services.start_case(env, services.Actor(office), "bargaining", union, WAGE_TITLE.format(year=year), {
        "kind": "wage_agreement", "initiator": "union", "counterpart": "常州恒达纺织有限公司",
        "topics": "职工工资增长幅度；夜班津贴。"}).case_id
    day = start.isoformat()
    _act(env, office, wage, "send_request", {"received_on": day})
    _act(env, users["shenjianhua"], wage, "agree_to_negotiate", {"replied_on": day, "reply": "同意协商。"})
    _act(env, office, wage, "appoint_union_negotiators", {"negotiators": [chair, *reps[:2]], "chief": chair})
    _act(env, users["shenjianhua"], wage, "appoint_employer_negotiators", {
        "negotiators": [users["shenjianhua"], users["jiangli"], users["hantao"]], "chief": users["shenjianhua"]})
    _act(env, office, wage, "record_data", {
        "average_wage": 5120, "last_increase": 45, "guideline_baseline": 55, "guideline_upper": 80,
        "guideline_lower": 30, "cpi": 2, "results": "上年营业收入3.2亿元，同比增长4.5%。",
        "sources": "常州市工资指导线；公司财务部数据"})
    _act(env, office, wage, "start_talks")
    _act(env, chair, wage, "record_round", {"held_on": day, "attendance": "双方各3人",
                                            "minutes": "工会方提出增长6%，企业方提出4%，协商一致为5%。",
                                            "positions": "工资增长：工会6%，企业4%"})
    _act(env, chair, wage, "save_draft", {"text": WAGE_DRAFT.format(year=year)})
    clock.set(_at(workday(env, opens - timedelta(days=12), -1), 10))
    _act(env, office, wage, "put_to_congress", {"session_id": session, "term_years": 1,
                                                "agreement_title": WAGE_TITLE.format(year=year)})
    _act(env, office, session_case, "deliver_documents", {"agenda": "一、审议工资专项集体合同草案；二、提案工作。"})
    for user_id in roster:
        congress.confirm_documents(env, services.Actor(user_id), session)
    for case_id, due in zip(proposals, (opens + timedelta(days=14), today - timedelta(days=3)), strict=True):
        _act(env, chair, case_id, "assign", {"lead_department": logistics, "due_date": due.isoformat()})
    # the session: check-in, the secret ballot on the draft, results, closing
    clock.set(_at(opens, 8, 30))
    _act(env, office, session_case, "open_session")
    for user_id in roster:
        congress.check_in(env, services.Actor(user_id), session)
    item = services.case_view(env, services.SYSTEM_ACTOR, wage).data["vote_item"]
    congress.open_item(env, services.Actor(chair), item)
    for user_id in roster:
        congress.vote(env, services.Actor(user_id), item, "agree")
    clock.set(_at(opens, 10))
    congress.close_item(env, services.Actor(chair), item)
    _act(env, office, session_case, "publish_results")
    _act(env, office, session_case, "close", {"summary": f"应到代表 {len(roster)} 人，实到 {len(roster)} 人。"})
    signed = workday(env, opens + timedelta(days=2), 1)
    clock.set(_at(signed, 10))
    _act(env, chair, wage, "sign", {"signed_on": signed.isoformat()})
    _act(env, users["shenjianhua"], wage, "sign", {"signed_on": signed.isoformat()})
    clock.set(_at(signed + timedelta(days=3), 15))
    _act(env, users["zhuhong"], proposals[0], "answer", {"classification": "solved",
                                                         "answer": "已在织造车间增设冷风机6台。"})
    _act(env, reps[0], proposals[0], "rate", {"attitude": "satisfied", "result": "satisfied"})
    return wage


XINYANG = "xinyang"
XINYANG_REPS = (("xy_gaofeng", "高峰"), ("xy_linna", "林娜"), ("xy_qinlei", "秦磊"), ("xy_fangyu", "方宇"))
XINYANG_SESSION = "新阳电子第二届职代会第一次会议"
XINYANG_MOTION = "关于《职工带薪休假实施办法》的决议"


def member_congress(env: services.Env, clock: FixedClock, p: People, f: Federation, today: date) -> int:
    """新阳电子's congress of the spring: documents out ten days ahead and confirmed, every representative present,
    one motion decided by secret ballot, results published, closed. Returns the session."""
    union, office, chair = f.unions[XINYANG], f.offices[XINYANG], f.chairs[XINYANG]
    opens = workday(env, date(today.year, 4, 20), 1)
    clock.set(_at(opens - timedelta(days=40), 9))
    term = congress.ensure_term(env, union, 2, staff_count=160, women_staff_count=70)
    rows = [(p.names[chair][1], p.names[chair][0]), *XINYANG_REPS]
    congress.import_roster(env, term, ("username,name,email,delegation,category,sex,department\n" + "".join(
        f"{u},{n},,第一代表团,worker,{'f' if i % 2 else 'm'},装配车间\n" for i, (u, n) in enumerate(rows))).encode())
    roster = [r.user_id for r in congress.list_roster(env, term)]
    session = congress.create_congress_session(env, union, term=2, number=1, name=XINYANG_SESSION,
                                               collection_opens=opens - timedelta(days=40),
                                               collection_closes=opens - timedelta(days=20), opens_on=opens)
    case_id = services.start_case(env, services.Actor(office), "congress", union, XINYANG_SESSION,
                                  {"session_id": session}).case_id
    item = congress.add_item(env, services.Actor(office), session, kind="motion", title=XINYANG_MOTION)
    clock.set(_at(workday(env, opens - timedelta(days=10), -1), 10))
    _act(env, office, case_id, "deliver_documents", {"agenda": f"审议{XINYANG_MOTION}。"})
    for user_id in roster:
        congress.confirm_documents(env, services.Actor(user_id), session)
    clock.set(_at(opens, 8, 30))
    _act(env, office, case_id, "open_session")
    for user_id in roster:
        congress.check_in(env, services.Actor(user_id), session)
    congress.open_item(env, services.Actor(chair), item)
    for user_id in roster:
        congress.vote(env, services.Actor(user_id), item, "agree")
    clock.set(_at(opens, 9, 30))
    congress.close_item(env, services.Actor(chair), item)
    _act(env, office, case_id, "publish_results")
    _act(env, office, case_id, "close", {"summary": f"应到代表 {len(roster)} 人，实到 {len(roster)} 人。"})
    return session
