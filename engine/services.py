"""The engine's API for the web app and the command line: actions, reads (engine/core/queries.py), set-up,
accounts, calendar, notifications, reports; a re-export of the parts, plus opening the environment.

Every function takes the ``Env`` and, where a person acts or looks, an explicit ``Actor``; none reads a
request or a session, and each runs in its own transaction.
"""

from __future__ import annotations

from typing import Any

from config import Settings, load_settings
from engine.core import redaction, runtime
from engine.core.aggregates import Days, Scope, count_cases, days_between
from engine.core.branches import Branch, Overdue, branch, overdue_below
from engine.core.branches import below as organisations_below
from engine.core.case_texts import CaseText, case_texts
from engine.core.comments import MAX_LENGTH as COMMENT_MAX
from engine.core.comments import CommentView, list_comments
from engine.core.comments import post as post_comment
from engine.core.context import SYSTEM_ACTOR, Actor, Upload
from engine.core.drafts import DraftView, discard_draft, load_draft, save_draft
from engine.core.env import Env
from engine.core.errors import (
    Conflict,
    EngineError,
    NotFound,
    PermissionDenied,
    Refused,
    SchemaOutdated,
    SpecError,
    TransitionNotAllowed,
    ValidationFailed,
)
from engine.core.forms import INT32, YEARS, bad_characters
from engine.core.inbox import COUNT_CAP, inbox_filters
from engine.core.progress import Step as ProgressStep
from engine.core.progress import for_case as case_progress
from engine.core.queries import (
    MAX_PER_PAGE,
    case_batches,
    case_view,
    count_batches,
    describe,
    first_times,
    followed_case,
    followers,
    get_file,
    holds_role,
    inbox,
    is_member,
    known_to_members,
    last_day_of_period,
    search_cases,
    unions_of,
    user_names,
    workflow_diagram,
    workflow_versions,
)
from engine.core.registry import Registry
from engine.core.runtime import Outcome
from engine.core.spec import WorkflowSpec
from engine.core.views import ActionView, CaseSummary, CaseView, EventView, Page, TaskView, WorkflowInfo
from engine.identity import accounts, directory
from engine.identity.accounts import (
    LoginRefused,
    SignedIn,
    change_password,
    end_sessions,
    session_user,
    set_password,
    sign_in,
    sign_out,
)
from engine.identity.directory import (
    OrgView,
    RoleView,
    TemplateView,
    UserView,
    delete_template,
    find_user,
    get_organisation,
    get_user,
    list_organisations,
    list_templates,
    list_users,
    rename_organisation,
    save_template,
    set_language,
    update_user,
)
from engine.identity.rules import MIN_PASSWORD, check_email, check_password, check_username
from engine.identity.setup import (
    check_grantable,
    create_organisation,
    create_user,
    grant_role,
    grantable_roles,
    move_organisation,
    revoke_role,
    role_labels,
    set_user_active,
)
from engine.identity.tokens import (
    NewToken,
    TokenRefused,
    TokenView,
    create_token,
    list_tokens,
    revoke_token,
    token_owner,
    token_user,
)
from engine.notify.config import configure as configure_notifications
from engine.notify.failures import DeliveryView, failed_deliveries, resend_delivery
from engine.notify.inapp import (
    NotificationView,
    list_notifications,
    mark_all_read,
    mark_read,
    open_notification,
    tell,
    unread_count,
)
from engine.notify.preferences import Preferences, get_preferences, set_preferences
from engine.output import reports
from engine.output.diagrams import DiagramUnavailable
from engine.output.documents import write_docx
from engine.output.exports import ExportView, export_file, get_export, queue_export
from engine.output.reports import Cell, Chart, Form, Report, ReportSpec, require_roles
from engine.output.tables import FORMATS, Column, Sheet, csv_lines, write_csv, write_xlsx
from engine.store.checkpoint import Checkpoint
from engine.store.checkpoint import latest as latest_checkpoint
from engine.store.database import Database
from engine.store.routing import primary_reads, replica_reads, start_request
from engine.time.calendar import Calendar
from engine.time.clock import Clock, SystemClock
from engine.time.deadline_moves import NoticeLoaded, load_notice
from engine.time.holiday_notices import (
    NoticeView,
    calendar_sources,
    days_text,
    list_notices,
    load_calendar,
    parse_days,
    refresh_calendar,
)

__all__ = [
    "case_batches", "first_times", "known_to_members", "inbox_filters", "COUNT_CAP",
    # figures over many cases, counted by the database
    "Scope", "Days", "count_cases", "days_between",
    # a branch of the organisation tree: the organisations below one, their overdue work, moving a branch
    "Branch", "Overdue", "branch", "organisations_below", "overdue_below", "move_organisation",
    "MAX_PER_PAGE",
    # what no input may hold: characters no text keeps, numbers past the 32-bit ids, years outside the calendar's
    "INT32", "YEARS", "bad_characters",
    "Actor", "SYSTEM_ACTOR", "Upload", "Env", "Outcome", "Page", "CaseView", "CaseSummary", "TaskView", "EventView",
    "ActionView", "EngineError", "NotFound", "PermissionDenied", "TransitionNotAllowed", "ValidationFailed",
    "Conflict", "SchemaOutdated", "SpecError", "Refused", "open_env", "start_case", "fire", "case_view", "inbox",
    "search_cases", "create_organisation", "create_user", "grant_role", "revoke_role", "set_user_active",
    "followers", "followed_case", "get_file", "describe", "user_names", "last_day_of_period", "WorkflowInfo",
    "accounts", "directory",
    # who holds a role where: the one rule (a role covers the organisations below)
    "holds_role", "unions_of", "is_member",
    "keep_secrets_out_of_logs", "LoginRefused", "SignedIn", "change_password", "end_sessions", "session_user",
    "set_password", "sign_in", "sign_out", "OrgView", "RoleView", "TemplateView", "UserView",
    "delete_template", "find_user", "get_organisation",
    "get_user", "list_organisations", "list_templates", "list_users",
    "rename_organisation", "save_template", "set_language", "update_user",
    # the account rules: the same refusals for the pages, the API and the imports
    "MIN_PASSWORD", "check_email", "check_password", "check_username", "grantable_roles", "role_labels",
    "check_grantable",
    # the holiday calendar: the State Council's notices the union office loads
    "NoticeView", "NoticeLoaded", "calendar_sources", "days_text", "list_notices", "load_calendar", "load_notice",
    "parse_days", "refresh_calendar",
    # notifications: the in-app list, preferences, and failed deliveries for the union office
    "NotificationView", "list_notifications", "tell", "unread_count", "mark_read", "mark_all_read", "open_notification",
    "Preferences",
    "get_preferences", "set_preferences", "DeliveryView", "failed_deliveries", "resend_delivery",
    "configure_notifications",
    # reports the workflows offer, and the files they are written as
    "Report", "ReportSpec", "Chart", "Cell", "Form", "Column", "Sheet", "FORMATS", "build_report", "report_readers",
    "require_roles", "write_xlsx", "write_csv", "csv_lines", "write_docx", "report_size", "count_batches",
    # big report files written in the background for the one who asked
    "ExportView", "queue_export", "get_export", "export_file",
    # how each workflow version runs, drawn
    "workflow_versions", "workflow_diagram", "DiagramUnavailable",
    # a case's progress line: steps done, the current one with its holders and time left, steps to come
    "ProgressStep", "case_progress",
    # a case's discussion thread: comments in the history chain, told to its participants
    "CommentView", "COMMENT_MAX", "list_comments", "post_comment",
    # forms saved as they are typed
    "DraftView", "save_draft", "load_draft", "discard_draft",
    # many cases' texts at once, for a workflow comparing them
    "CaseText", "case_texts",
    # personal API tokens
    "NewToken", "TokenRefused", "TokenView", "create_token", "list_tokens", "revoke_token", "token_owner", "token_user",
    # the history's latest anchor outside the database
    "Checkpoint", "latest_checkpoint",
    # reads that may come from the replica, and the primary after the reader's own write
    "replica_reads", "primary_reads", "start_request",
]

def keep_secrets_out_of_logs(settings: Settings) -> None:
    """Install the log filter that masks secrets (``engine.core.redaction``), knowing the settings' own."""
    redaction.install(redaction.settings_secrets(settings))


def open_env(settings: Settings | None = None, *, specs: tuple[WorkflowSpec, ...] = (),
             clock: Clock | None = None, calendar: Calendar | None = None, scheduler: bool = False) -> Env:
    """Connect to the configured database (its replica for reads that opt in) and register the given specs.

    ``scheduler``: the scheduler's own connection, past any pooler (its lock belongs to a session), no replica.
    """
    settings = settings or load_settings()
    if scheduler:
        if settings.database_pooled and not settings.database_scheduler_url:
            raise ValueError("database_url leads through a pooler (database_pooled): set database_scheduler_url to "
                             "the database's direct address, since the scheduler's lock belongs to a session")
        db = Database(settings.scheduler_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    else:
        db = Database(settings.effective_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                      pooled=settings.database_pooled, read_url=settings.database_read_url)
    registry = Registry()
    for spec in specs:
        registry.register(spec)
    env = Env(db, registry, clock or SystemClock(), calendar or Calendar())
    if calendar is None:  # the loaded notices and the config's [calendar], so a restart counts with them
        env.calendar = load_calendar(env, settings, missing_ok=True)
    configure_notifications(env, settings)  # [notify] and [web] base_url, checked now rather than at first send
    return env


# -- actions -------------------------------------------------------------------------------------------------
def start_case(env: Env, actor: Actor, workflow: str, organisation_id: int, title: str,
               form: dict[str, Any] | None = None, *, uploads: list[Upload] | None = None) -> Outcome:
    """Start a case of the newest version of ``workflow``, with any files the form sends."""
    return runtime.start(env, actor, workflow, organisation_id, title, form, uploads)


def fire(env: Env, actor: Actor, case_id: int, trigger: str, form: dict[str, Any] | None = None,
         expected_version: int | None = None, *, uploads: list[Upload] | None = None) -> Outcome:
    """Act on a case; pass the version the user saw so a stale page is refused with ``Conflict``."""
    return runtime.fire(env, actor, case_id, trigger, form, expected_version, uploads)


# -- reports ---------------------------------------------------------------------------------------------------
def build_report(env: Env, actor: Actor, name: str, lang: str = "zh", **params: Any) -> Report:
    """A registered report (a register, a form, the dashboard's figures) as ``actor`` may read it; tables are
    generators read once, so a download streams them."""
    return reports.build(env, actor, name, lang, **params)


def report_size(env: Env, actor: Actor, name: str, **params: Any) -> int | None:
    """How many rows a report's main table will have (one count, with the report's permission check), so a page
    can write a big file in the background; None when the report cannot say."""
    return reports.size(env, actor, name, **params)


def report_readers(env: Env, name: str) -> tuple[str, ...]:
    """The roles that may read a report, for a page to decide what it offers."""
    return reports.readers(env, name)
