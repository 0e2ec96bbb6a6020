"""People, organisations, text templates and files, as the pages list them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.i18n import Label
from engine.identity.rules import account_errors
from engine.store.models import Attachment, Membership, Organisation, TextTemplate, User

users, orgs, memberships = User.__table__, Organisation.__table__, Membership.__table__
templates, attachments = TextTemplate.__table__, Attachment.__table__
REQUIRED = Label("此项为必填项。", "This field is required.")


@dataclass(frozen=True, slots=True)
class OrgView:
    id: int
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class RoleView:
    role: str
    organisation_id: int
    organisation_name: str


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    display_name: str
    email: str | None
    language: str
    is_active: bool
    roles: tuple[RoleView, ...]

    def holds(self, role: str) -> bool:
        """Holds the role somewhere (where it is held counts through ``services.holds_role``)."""
        return any(r.role == role for r in self.roles)


@dataclass(frozen=True, slots=True)
class TemplateView:
    id: int
    organisation_id: int
    kind: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class FileView:
    id: int
    case_id: int
    filename: str
    content_type: str
    size: int


def _roles(conn: sa.Connection, user_ids: list[int]) -> dict[int, list[RoleView]]:
    found: dict[int, list[RoleView]] = {u: [] for u in user_ids}
    for row in conn.execute(sa.select(memberships.c.user_id, memberships.c.role, orgs.c.id, orgs.c.name)
                            .join(orgs, orgs.c.id == memberships.c.organisation_id)
                            .where(memberships.c.user_id.in_(user_ids))
                            .order_by(memberships.c.user_id, orgs.c.path, memberships.c.role)):
        found[row.user_id].append(RoleView(row.role, row.id, row.name))
    return found


def _user_views(conn: sa.Connection, rows: list[sa.Row]) -> list[UserView]:
    roles = _roles(conn, [r.id for r in rows])
    return [UserView(r.id, r.username, r.display_name, r.email, r.language, r.is_active, tuple(roles[r.id]))
            for r in rows]


def with_roles(query: sa.Select) -> sa.Select:
    """``query`` (over ``users``) joined to each of the user's memberships and its organisation, in ``_roles``'s
    order: a user and their roles in one statement (read back with ``view_with_roles``)."""
    return (query.add_columns(memberships.c.role.label("held_role"), orgs.c.id.label("held_id"),
                              orgs.c.name.label("held_name"))
            .outerjoin(memberships, memberships.c.user_id == users.c.id)
            .outerjoin(orgs, orgs.c.id == memberships.c.organisation_id)
            .order_by(orgs.c.path, memberships.c.role))


def view_with_roles(rows: list[sa.Row]) -> UserView | None:
    """The user read by a ``with_roles`` query (one row per role, or one without any), None without a row."""
    if not rows:
        return None
    r = rows[0]
    roles = tuple(RoleView(h.held_role, h.held_id, h.held_name) for h in rows if h.held_role is not None)
    return UserView(r.id, r.username, r.display_name, r.email, r.language, r.is_active, roles)


def get_user(env: Env, user_id: int) -> UserView:
    with env.db.read() as conn:
        row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound("user", user_id)
        return _user_views(conn, [row])[0]


def find_user(env: Env, username: str) -> UserView | None:
    with env.db.read() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username.strip())).first()
        return _user_views(conn, [row])[0] if row else None


def list_users(env: Env, *, query: str = "", role: str | None = None, organisation_id: int | None = None,
               limit: int = 500) -> list[UserView]:
    """Users by name, optionally only those holding ``role`` in ``organisation_id`` (exactly there)."""
    cond = []
    if query.strip():
        like = f"%{query.strip()}%"
        cond.append(sa.or_(users.c.username.ilike(like), users.c.display_name.ilike(like)))
    if role is not None:
        held = sa.select(memberships.c.user_id).where(memberships.c.role == role)
        if organisation_id is not None:
            held = held.where(memberships.c.organisation_id == organisation_id)
        cond.append(users.c.id.in_(held))
    with env.db.read() as conn:
        rows = conn.execute(sa.select(users).where(*cond).order_by(users.c.display_name, users.c.id)
                            .limit(limit)).all()
        return _user_views(conn, rows)


def set_language(env: Env, user_id: int, language: str) -> None:
    if errors := account_errors(language=language):
        raise ValidationFailed(errors)
    with env.db.write() as conn:
        conn.execute(users.update().where(users.c.id == user_id).values(language=language))


def update_user(env: Env, user_id: int, *, display_name: str, email: str | None) -> None:
    """Change a user's name and e-mail address (None or empty: none), by the account rules."""
    if errors := account_errors(display_name=display_name, email=email):
        raise ValidationFailed(errors)
    with env.db.write() as conn:
        if conn.execute(users.update().where(users.c.id == user_id).values(
                display_name=display_name.strip(), email=(email or "").strip() or None)).rowcount != 1:
            raise NotFound("user", user_id)


def list_organisations(env: Env, *, kind: str | None = None, under: int | None = None) -> list[OrgView]:
    """Organisations in tree order; ``under`` keeps one organisation's subtree (without it)."""
    cond = []
    if kind is not None:
        cond.append(orgs.c.kind == kind)
    with env.db.read() as conn:
        if under is not None:
            path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == under)).scalar()
            if path is None:
                raise NotFound("organisation", under)
            cond += [orgs.c.path.startswith(path), orgs.c.id != under]
        return [OrgView(r.id, r.name, r.kind, r.parent_id)
                for r in conn.execute(sa.select(orgs).where(*cond).order_by(orgs.c.path))]


def get_organisation(env: Env, organisation_id: int) -> OrgView:
    with env.db.read() as conn:
        r = conn.execute(sa.select(orgs).where(orgs.c.id == organisation_id)).first()
    if r is None:
        raise NotFound("organisation", organisation_id)
    return OrgView(r.id, r.name, r.kind, r.parent_id)


def rename_organisation(env: Env, organisation_id: int, name: str) -> None:
    if not name.strip():
        raise ValidationFailed({"name": [REQUIRED]})
    with env.db.write() as conn:
        if conn.execute(orgs.update().where(orgs.c.id == organisation_id)
                        .values(name=name.strip())).rowcount != 1:
            raise NotFound("organisation", organisation_id)


# -- text templates ------------------------------------------------------------------------------------------
def list_templates(env: Env, organisation_id: int, kind: str | None = None) -> list[TemplateView]:
    cond = [templates.c.organisation_id == organisation_id]
    if kind is not None:
        cond.append(templates.c.kind == kind)
    with env.db.read() as conn:
        return [TemplateView(r.id, r.organisation_id, r.kind, r.title, r.body)
                for r in conn.execute(sa.select(templates).where(*cond).order_by(templates.c.title))]


def save_template(env: Env, organisation_id: int, kind: str, title: str, body: str, created_by: int | None) -> int:
    errors = {}
    if not title.strip():
        errors["title"] = [REQUIRED]
    if not body.strip():
        errors["body"] = [REQUIRED]
    if errors:
        raise ValidationFailed(errors)
    with env.db.write() as conn:
        return conn.execute(templates.insert().values(
            organisation_id=organisation_id, kind=kind, title=title.strip()[:200], body=body.strip(),
            created_by=created_by, created_at=env.clock.now())).inserted_primary_key[0]


def delete_template(env: Env, template_id: int) -> None:
    with env.db.write() as conn:
        conn.execute(templates.delete().where(templates.c.id == template_id))


# -- files ---------------------------------------------------------------------------------------------------
def list_files(env: Env, case_id: int) -> list[FileView]:
    with env.db.read() as conn:
        return [FileView(r.id, r.case_id, r.filename, r.content_type, r.size) for r in conn.execute(
            sa.select(attachments.c.id, attachments.c.case_id, attachments.c.filename, attachments.c.content_type,
                      attachments.c.size).where(attachments.c.case_id == case_id).order_by(attachments.c.id))]


def file_content(env: Env, attachment_id: int) -> tuple[FileView, bytes]:
    with env.db.read() as conn:
        r = conn.execute(sa.select(attachments).where(attachments.c.id == attachment_id)).first()
    if r is None:
        raise NotFound("file", attachment_id)
    return FileView(r.id, r.case_id, r.filename, r.content_type, r.size), bytes(r.content)
