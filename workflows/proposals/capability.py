"""What proposals offer other workflows' guards and effects inside an action's transaction
(``ctx.db.use("proposals")``): the session collecting proposals now, and a draft started for a person (a worker
request its sender agrees to turn into a proposal), by the proposal workflow's own rules."""

from __future__ import annotations

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.runtime import start_in
from engine.store.database import RawTransaction
from engine.time.calendar import TZ
from workflows.proposals.terms import CATEGORIES, NAME

CAPABILITY = "proposals"
FROM_REQUEST_MEASURES = "（由职工诉求转来，请提案人补充建议的办法和措施。）"


class ProposalAccess:
    """Proposals, reached in the transaction of one action on another workflow's case."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env = tx, env

    def collecting(self, organisation_id: int) -> int | None:
        """The organisation's congress session collecting proposals today, if any."""
        today = self.env.clock.now().astimezone(TZ).date()
        return self._congress().collecting_session(organisation_id, today)

    def start_draft(self, user_id: int | None, organisation_id: int, title: str, reasons: str, topic: str) -> int:
        """A draft proposal started by ``user_id`` for the session collecting now; the proposal's rules apply
        (a representative on the term's roster, in the collection period), their refusal refuses the caller."""
        session = self.collecting(organisation_id) or 0
        category = topic if topic in CATEGORIES else "other"
        form = {"session_id": session, "category": category, "reasons": reasons, "measures": FROM_REQUEST_MEASURES}
        outcome = start_in(self.tx, self.env, Actor(user_id), NAME, organisation_id, title, form)
        return outcome.case_id

    def _congress(self):  # noqa: ANN202 - the congress's capability, bound to this transaction
        factory = self.env.registry.capabilities["congress"]
        return factory(self.tx, self.env)
