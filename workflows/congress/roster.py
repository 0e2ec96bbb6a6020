"""Congress terms and their rosters of representatives: import from a CSV file (every row checked, nothing
imported if any row is wrong), the roster as a list, and the rules it is checked against."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.store.models import Membership, Organisation, User
from workflows.congress.models import CongressTerm, Representative
from workflows.congress.rules import rules_of

terms, reps, users = CongressTerm.__table__, Representative.__table__, User.__table__
memberships, orgs = Membership.__table__, Organisation.__table__

# Column names a roster file may use, in English or Chinese; the first of each is the canonical one.
COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("username", "用户名", "工号"),
    "name": ("name", "姓名"),
    "email": ("email", "邮箱", "电子邮箱"),
    "delegation": ("delegation", "代表团", "代表团（组）", "代表组"),
    "category": ("category", "类别", "代表类别"),
    "sex": ("sex", "性别"),
    "department": ("department", "部门"),
}
REQUIRED_COLUMNS = ("username", "name", "delegation", "category", "sex", "department")
CATEGORIES = {
    "worker": Label("一线职工", "Front-line worker"),
    "technical": Label("技术人员", "Technical staff"),
    "manager": Label("中层及以上管理人员", "Middle or senior manager"),
}
CATEGORY_WORDS = {"worker": "worker", "一线职工": "worker", "工人": "worker", "technical": "technical",
                  "技术人员": "technical", "专业技术人员": "technical", "manager": "manager",
                  "中层及以上管理人员": "manager", "管理人员": "manager", "中层以上管理人员": "manager"}
SEXES = {"f": "f", "female": "f", "女": "f", "m": "m", "male": "m", "男": "m"}
SEX_LABELS = {"f": Label("女", "Female"), "m": Label("男", "Male")}


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong in one cell of the file: row 2 is the first row after the header."""

    row: int
    column: str
    message: Label


class RosterRejected(ValidationFailed):
    """The file has errors: nothing was imported; ``rows`` lists each, by row and column."""

    def __init__(self, rows: list[RowError]) -> None:
        self.rows = rows
        super().__init__({"file": [Label(f"第 {e.row} 行“{e.column}”：{e.message.zh}",
                                         f"Row {e.row}, {e.column}: {e.message.en}") for e in rows]})


@dataclass(frozen=True, slots=True)
class TermView:
    id: int
    organisation_id: int
    number: int
    name: str
    staff_count: int | None
    women_staff_count: int | None


@dataclass(frozen=True, slots=True)
class RepresentativeView:
    user_id: int
    username: str
    name: str
    delegation: str
    category: str
    sex: str
    department: str
    active: bool


@dataclass(frozen=True, slots=True)
class Imported:
    term_id: int
    added: int
    updated: int
    removed: int
    users_created: int


def decode(content: bytes) -> str:
    """Excel on Chinese Windows saves CSV as GBK: try UTF-8 (with or without BOM), then GB18030."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationFailed({"file": [Label("文件不是 UTF-8 或 GBK 编码的 CSV 文件。",
                                               "The file is not a CSV file in UTF-8 or GBK.")]}) from None


def parse(text: str) -> tuple[list[dict[str, str]], list[RowError]]:
    """Rows keyed by canonical column, and every error found (all rows are checked, not just the first bad)."""
    reader = csv.reader(io.StringIO(text, newline=""))  # the csv module reads the line ends itself
    try:
        lines = list(reader)
    except csv.Error:
        return [], [RowError(reader.line_num or 1, "-", Label("文件无法按 CSV 格式读取。",
                                                              "The file cannot be read as CSV."))]
    header = lines[0] if lines else None
    if not header:
        return [], [RowError(1, "-", Label("文件为空。", "The file is empty."))]
    aliases = {alias.strip().lower(): key for key, names in COLUMNS.items() for alias in names}
    keys = [aliases.get(h.strip().lower()) for h in header]
    errors = [RowError(1, c, Label("缺少此列。", "This column is missing.")) for c in REQUIRED_COLUMNS
              if c not in keys]
    if errors:
        return [], errors
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        row = {k: (values[i].strip() if i < len(values) else "") for i, k in enumerate(keys) if k}
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                errors.append(RowError(number, column, REQUIRED))
        username = row.get("username", "")
        if username and (wrong := services.check_username(username)) is not None:  # the rule of every account
            errors.append(RowError(number, "username", wrong))
        if username in seen:
            errors.append(RowError(number, "username", Label(f"与第 {seen[username]} 行重复。",
                                                             f"Repeats row {seen[username]}.")))
        elif username:
            seen[username] = number
        if row.get("category") and row["category"].lower() not in CATEGORY_WORDS:
            errors.append(RowError(number, "category", Label("应为 一线职工、技术人员 或 中层及以上管理人员。",
                                                             "Use worker, technical or manager.")))
        if row.get("sex") and row["sex"].lower() not in SEXES:
            errors.append(RowError(number, "sex", Label("应为 男 或 女。", "Use m or f.")))
        if row.get("email") and (wrong := services.check_email(row["email"])) is not None:
            errors.append(RowError(number, "email", wrong))
        for column, limit in (("name", 200), ("delegation", 100), ("department", 200)):
            if len(row.get(column, "")) > limit:
                errors.append(RowError(number, column, Label(f"不能超过 {limit} 个字符。",
                                                             f"At most {limit} characters.")))
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "-", Label("文件中没有代表。", "The file lists no representatives.")))
    return rows, errors


def ensure_term(env: Env, organisation_id: int, number: int, *, staff_count: int | None = None,
                women_staff_count: int | None = None) -> int:
    """The term's id, created if new; staff figures given replace those stored."""
    if number < 1:
        raise ValidationFailed({"term": [Label("届次应为正整数。", "The term is a whole number from 1.")]})
    for name, value in (("staff_count", staff_count), ("women_staff_count", women_staff_count)):
        if value is not None and value < 0:
            raise ValidationFailed({name: [Label("不能为负数。", "Cannot be negative.")]})
    if staff_count is not None and women_staff_count is not None and women_staff_count > staff_count:
        raise ValidationFailed({"women_staff_count": [Label("女职工人数不能多于职工总数。",
                                                            "More women than staff.")]})
    with env.db.write() as conn:
        if conn.execute(sa.select(orgs.c.id).where(orgs.c.id == organisation_id)).first() is None:
            raise NotFound("organisation", organisation_id)
        found = conn.execute(sa.select(terms.c.id).where(terms.c.organisation_id == organisation_id,
                                                         terms.c.number == number)).scalar()
        values: dict[str, Any] = {}
        if staff_count is not None:
            values["staff_count"] = staff_count
        if women_staff_count is not None:
            values["women_staff_count"] = women_staff_count
        if found is None:
            return conn.execute(terms.insert().values(
                organisation_id=organisation_id, number=number, name=f"第{number}届职工代表大会",
                created_at=env.clock.now(), **values)).inserted_primary_key[0]
        if values:
            conn.execute(terms.update().where(terms.c.id == found).values(**values))
        return found


def import_roster(env: Env, term_id: int, content: bytes) -> Imported:
    """Replace the term's roster with the file's rows, creating accounts for new usernames and giving every
    representative the ``representative`` role in the organisation. All or nothing."""
    rows, errors = parse(decode(content))
    if errors:
        raise RosterRejected(errors)
    with env.db.write() as conn:
        term = conn.execute(sa.select(terms).where(terms.c.id == term_id)).first()
        if term is None:
            raise NotFound("congress term", term_id)
        existing = dict(conn.execute(sa.select(users.c.username, users.c.id).where(
            users.c.username.in_([r["username"] for r in rows]))).all())
        on_roster = dict(conn.execute(sa.select(reps.c.user_id, reps.c.id).where(reps.c.term_id == term_id)).all())
        now = env.clock.now()
        created = added = updated = 0
        kept: set[int] = set()
        for row in rows:
            user_id = existing.get(row["username"])
            if user_id is None:
                user_id = conn.execute(users.insert().values(
                    username=row["username"], display_name=row["name"], email=row.get("email") or None,
                    language="zh", is_active=True, created_at=now)).inserted_primary_key[0]
                created += 1
            values = {"delegation": row["delegation"], "category": CATEGORY_WORDS[row["category"].lower()],
                      "sex": SEXES[row["sex"].lower()], "department": row["department"]}
            if user_id in on_roster:
                conn.execute(reps.update().where(reps.c.id == on_roster[user_id]).values(**values))
                updated += 1
            else:
                conn.execute(reps.insert().values(term_id=term_id, user_id=user_id, **values))
                added += 1
            kept.add(user_id)
            if conn.execute(sa.select(memberships.c.id).where(
                    memberships.c.user_id == user_id, memberships.c.organisation_id == term.organisation_id,
                    memberships.c.role == "representative")).first() is None:
                conn.execute(memberships.insert().values(user_id=user_id, organisation_id=term.organisation_id,
                                                         role="representative"))
        gone = [i for u, i in on_roster.items() if u not in kept]
        if gone:
            conn.execute(reps.delete().where(reps.c.id.in_(gone)))
            newest = conn.execute(sa.select(sa.func.max(terms.c.number)).where(
                terms.c.organisation_id == term.organisation_id)).scalar_one()
            if term.number == newest:  # off the current roster: no longer a representative of the organisation
                conn.execute(memberships.delete().where(
                    memberships.c.organisation_id == term.organisation_id, memberships.c.role == "representative",
                    memberships.c.user_id.in_([u for u in on_roster if u not in kept])))
        return Imported(term_id, added, updated, len(gone), created)


def get_term(env: Env, term_id: int) -> TermView:
    with env.db.read() as conn:
        row = conn.execute(sa.select(terms).where(terms.c.id == term_id)).first()
    if row is None:
        raise NotFound("congress term", term_id)
    return TermView(row.id, row.organisation_id, row.number, row.name, row.staff_count, row.women_staff_count)


def list_terms(env: Env, organisation_id: int | None = None) -> list[TermView]:
    cond = [] if organisation_id is None else [terms.c.organisation_id == organisation_id]
    with env.db.read() as conn:
        return [TermView(r.id, r.organisation_id, r.number, r.name, r.staff_count, r.women_staff_count)
                for r in conn.execute(sa.select(terms).where(*cond).order_by(terms.c.number.desc()))]


def list_roster(env: Env, term_id: int) -> list[RepresentativeView]:
    r = reps.c
    with env.db.read() as conn:
        return [RepresentativeView(*row) for row in conn.execute(
            sa.select(users.c.id, users.c.username, users.c.display_name, r.delegation, r.category, r.sex,
                      r.department, users.c.is_active)
            .join(users, users.c.id == r.user_id).where(r.term_id == term_id)
            .order_by(r.delegation, users.c.display_name))]


def roster_departments(env: Env, organisation_id: int) -> dict[int, str]:
    """Each representative's department as the organisation's newest roster has it (user id → department)."""
    r, t = reps.c, terms.c
    newest = (sa.select(t.id).where(t.organisation_id == organisation_id).order_by(t.number.desc()).limit(1)
              .scalar_subquery())
    with env.db.read() as conn:
        return dict(conn.execute(sa.select(r.user_id, r.department).where(r.term_id == newest)).all())


# -- the rules ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One roster rule: met, not met, or unknown (``None``: a staff figure is missing), with the numbers."""

    name: str
    label: Label
    met: bool | None
    figures: Label


def check_rules(env: Env, term_id: int) -> list[RuleCheck]:
    """The roster against 《企业民主管理规定》 as configured: enough representatives, managers at most their
    share, women in proportion to the staff."""
    term = get_term(env, term_id)
    roster = [r for r in list_roster(env, term_id) if r.active]
    rules = rules_of(env)
    n = len(roster)
    managers = sum(1 for r in roster if r.category == "manager")
    women = sum(1 for r in roster if r.sex == "f")
    checks = [RuleCheck("minimum", Label(f"代表不少于 {rules.min_representatives} 人",
                                         f"At least {rules.min_representatives} representatives"),
                        n >= rules.min_representatives, Label(f"现有 {n} 人", f"{n} now"))]
    share = rules.min_share_of_staff
    pct = f"{100 * share.numerator / share.denominator:g}%"
    if term.staff_count:
        need = share.needed(term.staff_count)
        checks.append(RuleCheck("share_of_staff", Label(f"代表不少于职工总数的 {pct}", f"At least {pct} of the staff"),
                                n >= need, Label(f"职工 {term.staff_count} 人，需 {need} 人，现有 {n} 人",
                                                 f"{term.staff_count} staff: {need} needed, {n} now")))
    else:
        checks.append(RuleCheck("share_of_staff", Label(f"代表不少于职工总数的 {pct}", f"At least {pct} of the staff"),
                                None, Label("未填写职工总数", "Staff count not entered")))
    cap = rules.max_manager_share
    cap_pct = f"{100 * cap.numerator / cap.denominator:g}%"
    checks.append(RuleCheck("managers", Label(f"中层及以上管理人员不超过 {cap_pct}",
                                              f"Middle and senior managers at most {cap_pct}"),
                            n > 0 and managers * cap.denominator <= cap.numerator * n,
                            Label(f"管理人员 {managers} 人，占 {_pct(managers, n)}",
                                  f"{managers} managers, {_pct(managers, n)}")))
    if term.staff_count and term.women_staff_count is not None:
        # Women's share of the representatives at least their share of the staff.
        met = n > 0 and women * term.staff_count >= term.women_staff_count * n
        checks.append(RuleCheck("women", WOMEN, met,
                                Label(f"女代表 {women} 人（{_pct(women, n)}），女职工占 "
                                      f"{_pct(term.women_staff_count, term.staff_count)}",
                                      f"{women} women ({_pct(women, n)}); women are "
                                      f"{_pct(term.women_staff_count, term.staff_count)} of the staff")))
    else:
        checks.append(RuleCheck("women", WOMEN, None, Label(f"女代表 {women} 人；未填写女职工人数",
                                                            f"{women} women; women staff not entered")))
    return checks


WOMEN = Label("女代表比例与女职工比例相适应", "Women in proportion to the staff")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
