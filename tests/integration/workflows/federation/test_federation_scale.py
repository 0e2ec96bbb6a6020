"""The federation's view asks the database the same number of questions whatever the number of member unions:
every figure is grouped by organisation in SQL, no query runs per union (on both backends)."""

from __future__ import annotations

from sqlalchemy import event

from config import Settings
from engine import services
from workflows import register_all
from workflows.federation import services as federation
from workflows.federation.roles import FEDERATION_OFFICE


def queries(env, call) -> int:  # noqa: ANN001 - an env and a function of none
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        seen.append(statement)

    event.listen(env.db.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(env.db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_view_asks_as_many_questions_for_many_unions_as_for_few(env, tmp_path):
    register_all(env.registry, Settings(instance_path=tmp_path / "instance"))
    district = services.create_organisation(env, "武进区总工会", "federation")
    staff = services.create_user(env, "staff", "顾明远")
    services.grant_role(env, staff, district, FEDERATION_OFFICE)

    def add(unions: range) -> None:
        for n in unions:
            union = services.create_organisation(env, f"工会{n}", "union", district)
            services.create_organisation(env, f"部门{n}", "department", union)

    add(range(3))
    federation.overview(env, staff, district, 2026)  # the registry's and the calendar's first look-ups
    few = queries(env, lambda: federation.overview(env, staff, district, 2026))
    add(range(3, 60))
    view = federation.overview(env, staff, district, 2026, per_page=10)
    assert view.unions.total == 60 and len(view.unions.items) == 10 and view.unions.pages == 6
    many = queries(env, lambda: federation.overview(env, staff, district, 2026))
    assert many == few, (few, many)
