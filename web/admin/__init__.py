"""Administration for the union office: users and roles, departments, congress sessions, the holiday calendar.

Every URL rule of the blueprint is here; the views live in ``users``, ``organisations``, ``sessions`` and
``calendar``, their forms in ``forms``, and who may come in and what they manage in ``office``."""

from __future__ import annotations

from flask import Blueprint

from web.admin import calendar, organisations, sessions, users
from web.admin.office import offices, only_the_union_office, role_label, union

__all__ = ["bp", "offices", "union"]

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(only_the_union_office)
bp.before_app_request(calendar.fresh_calendar)
bp.add_app_template_global(role_label)

GET, POST, BOTH = ["GET"], ["POST"], ["GET", "POST"]
for rule, view, methods in (
    ("", users.index, GET),
    ("/union", users.choose_union, POST),
    ("/users", users.users, GET),
    ("/users/new", users.new_user, BOTH),
    ("/users/<int:user_id>", users.user, BOTH),
    ("/users/<int:user_id>/active", users.set_active, POST),
    ("/users/<int:user_id>/password", users.reset_password, POST),
    ("/users/<int:user_id>/roles", users.grant, POST),
    ("/users/<int:user_id>/roles/revoke", users.revoke, POST),
    ("/departments", organisations.department_list, BOTH),
    ("/departments/<int:organisation_id>", organisations.rename_department, POST),
    ("/sessions", sessions.session_list, BOTH),
    ("/sessions/<int:session_id>/window", sessions.collection_window, POST),
    ("/calendar", calendar.calendar, BOTH),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)
