"""What the congress offers other workflows' guards and effects inside an action's transaction
(``ctx.db.use("congress")``): a session's collection period and phase, its representatives, and its ballot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.core.context import ActionContext
from engine.core.env import Env
from engine.store.database import RawTransaction
from workflows.congress.rules import rules_of
from workflows.congress.statements import CongressStatements

NAME = "congress"


@dataclass(frozen=True, slots=True)
class CongressSessionInfo:
    """A congress session as guards see it."""

    id: int
    organisation_id: int
    name: str
    collection_opens: date
    collection_closes: date


@dataclass(frozen=True, slots=True)
class CongressSessionPhase:
    """Where a congress session stands and what its ballot holds, as the session's workflow sees it."""

    id: int
    case_id: int | None
    name: str
    opens_on: date | None
    documents_delivered: bool
    opened: bool
    closed: bool
    items: dict[str, int]  # items by status: draft, open, closed


@dataclass(frozen=True, slots=True)
class BallotItemOutcome:
    """A ballot item as a case that depends on it sees it: its status and whether it passed."""

    id: int
    session_id: int
    organisation_id: int
    case_id: int | None
    title: str
    status: str
    passed: bool | None
    result: dict[str, Any] | None = None  # the counts and outcome, once closed (an election's ``elected``)


def _day(value: Any) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


class CongressAccess:
    """The congress's tables, read and written in the transaction of one action on any workflow's case."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env, self.sql = tx, env, CongressStatements.of(env.db)

    def congress_session(self, session_id: int) -> CongressSessionInfo | None:
        row = self.tx.one(self.sql.congress_session, {"id": session_id})
        if row is None:
            return None
        return CongressSessionInfo(row[0], row[1], row[2], _day(row[3]), _day(row[4]))  # type: ignore[arg-type]

    def session_phase(self, session_id: int) -> CongressSessionPhase | None:
        row = self.tx.one(self.sql.session_phase, {"id": session_id})
        if row is None:
            return None
        counts = {status: n for status, n in self.tx.all(self.sql.session_items, {"id": session_id})}
        return CongressSessionPhase(row[0], row[1], row[2], _day(row[3]), row[4] is not None, row[5] is not None,
                                    row[6] is not None, {k: counts.get(k, 0) for k in ("draft", "open", "closed")})

    def mark_session(self, session_id: int, phase: str, case_id: int | None = None) -> None:
        """Record that the session reached a phase now (``planned`` links it to its case)."""
        if phase == "planned":
            self.tx.execute(self.sql.link_session, {"id": session_id, "case": case_id})
            return
        column = {"documents_delivered": "documents_delivered_at", "opened": "opened_at",
                  "closed": "closed_at"}[phase]
        self.tx.execute(self.sql.mark_session(column), {"id": session_id, "at": self.env.db.ts(
            self.env.clock.now())})

    def ballot_item(self, item_id: int) -> BallotItemOutcome | None:
        row = self.tx.one(self.sql.ballot_item, {"id": item_id})
        if row is None:
            return None
        result = self.env.db.load_js(row[6]) if row[6] is not None else None
        passed = result.get("passed") if isinstance(result, dict) and row[5] == "closed" else None
        return BallotItemOutcome(row[0], row[1], row[2], row[3], row[4], row[5], passed,
                                 result if row[5] == "closed" else None)

    def put_to_ballot(self, session_id: int, title: str, case_id: int | None, description: str = "", *,
                      candidates: list[str] | None = None, seats: int = 1) -> int:
        """Put a matter reserved to the congress on a session's ballot as a motion (draft, the chair opens it),
        or with ``candidates`` an election of ``seats`` among them; when it closes the ballot fires
        ``ballot_passed`` (a motion passed, someone elected) or ``ballot_failed`` on ``case_id``."""
        env, tx = self.env, self.tx
        (position,) = tx.one(self.sql.next_position, {"id": session_id})
        options = {"candidates": list(candidates), "max_choices": seats} if candidates else {}
        (item_id,) = tx.one(self.sql.insert_item, {
            "session_id": session_id, "case_id": case_id, "position": position,
            "kind": "election" if candidates else "motion",
            "title": title[:300], "description": description, "options": env.db.js(options),
            "pass_rule": rules_of(env).default_pass_rule, "reserved": True, "status": "draft",
            "created_at": env.db.ts(env.clock.now())})
        return item_id

    def collecting_session(self, organisation_id: int, day: date) -> int | None:
        """The organisation's session collecting proposals on ``day`` (the one closing first), if any."""
        row = self.tx.one(self.sql.collecting_session, {"org": organisation_id, "day": day})
        return row[0] if row else None

    def term_roster(self, organisation_id: int) -> list[int]:
        """The active representatives on the roster of the organisation's current (newest) term."""
        return [r for (r,) in self.tx.all(self.sql.term_roster, {"org": organisation_id})]

    def representatives(self, session_id: int, missing: str | None = None) -> list[int]:
        """The session's representatives, or those who have not yet confirmed the documents or checked in."""
        return [r for (r,) in self.tx.all(self.sql.representatives(missing), {"id": session_id})]


def congress(ctx: ActionContext) -> CongressAccess:
    """The congress as this action's guards and effects reach it."""
    return ctx.db.use(NAME)
