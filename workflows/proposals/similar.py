"""Proposals like the one being written: the most similar of its session and the two sessions before it, by the
character bigrams of subject, reasons and measures (Chinese has no spaces between words), scored by rapidfuzz.

Only what the writer may know is shown: a proposal they may read with its link, one on the public register (past
its private steps) by title only, and nothing of the others (another's draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from workflows.congress import services as congress
from workflows.proposals.spec import NAME
from workflows.proposals.terms import PRIVATE

SESSION_FIELD = "session_id"
TEXT_KEYS = ("reasons", "measures")
SESSIONS = 3  # the session written for and the two before it
LIMIT = 5
MIN_SCORE = 40  # of 100: below it a proposal shares too little to be worth a look
# The words every proposal is written with: left out, so that proposals are alike by their matter, not by form.
FORMULAS = ("关于", "的提案", "提案", "的建议", "建议", "的问题", "请研究解决", "请予解决")
_DROPPED = re.compile("|".join(map(re.escape, FORMULAS)) + r"|[\W_]+")
MIN_BIGRAMS = 3  # of subject and text together (four characters in a row), before a look-up is worth it
REVIEWED = "submitted"  # the step in which the committee reviews a proposal


@dataclass(frozen=True, slots=True)
class Similar:
    """A proposal like the one written: its link only when the writer may open it."""

    case_id: int
    title: str
    state_label: Label
    score: int  # 0–100
    session_name: str
    linked: bool


@lru_cache(maxsize=20000)
def bigrams(text: str) -> str:
    """The text's character bigrams as space-separated tokens, punctuation, spaces and the formulas of a proposal
    left out (no bigram spans them): what a token scorer compares where words are not separated. Kept for the
    texts seen lately, so a look-up as someone types reads each proposal's bigrams once."""
    parts = _DROPPED.sub(" ", text.lower()).split()
    return " ".join(p[i:i + 2] for p in parts for i in range(max(1, len(p) - 1)))


def _sessions(env: Env, session_id: int) -> dict[int, str]:
    """The session and the two before it in its union (by collection period, term and number): id → name."""
    try:
        chosen = congress.get_congress_session(env, session_id)
    except services.NotFound:
        return {}
    every = sorted(congress.list_congress_sessions(env, chosen.organisation_id),
                   key=lambda s: (s.collection_opens, s.term, s.number, s.id))
    earlier = [s for s in every if (s.collection_opens, s.term, s.number, s.id)
               <= (chosen.collection_opens, chosen.term, chosen.number, chosen.id)]
    return {s.id: s.name for s in earlier[-SESSIONS:]}


def similar(env: Env, actor: Actor, session_id: int | None, subject: str, text: str = "", *,
            exclude: int | None = None, limit: int = LIMIT) -> list[Similar]:
    """The proposals most like ``subject`` and ``text`` among the session's and the two sessions' before it, best
    first, as ``actor`` may know them."""
    query = bigrams(f"{subject} {text}")
    if session_id is None or len(query.split()) < MIN_BIGRAMS:
        return []
    sessions = _sessions(env, session_id)
    found = [c for c in services.case_texts(env, actor, workflow=NAME, key=SESSION_FIELD, values=list(sessions),
                                            text_keys=TEXT_KEYS)
             if c.id != exclude and (c.readable or c.state not in PRIVATE)]
    if not found:
        return []
    choices = [bigrams(" ".join((c.title, *c.texts))) for c in found]
    best = process.extract(query, choices, scorer=fuzz.token_set_ratio, processor=None, limit=limit,
                           score_cutoff=MIN_SCORE)
    labels = services.describe(env, NAME).states
    shown = []
    for _choice, score, index in best:
        c = found[index]
        session = sessions.get(int(c.key), "") if c.key.isdigit() else ""
        shown.append(Similar(c.id, c.title, labels.get(c.state, Label(c.state, c.state)), round(score), session,
                             c.readable))
    return shown


def review_similar(env: Env, actor: Actor, view: services.CaseView) -> list[Similar] | None:
    """What the committee reviewing a proposal sees beside it: the proposals like it (None: not a proposal under
    review by this reader)."""
    summary = view.summary
    if summary.workflow != NAME or summary.state != REVIEWED or not view.actions:
        return None
    session = view.data.get(SESSION_FIELD)
    return similar(env, actor, session if isinstance(session, int) else None, summary.title,
                   " ".join(str(view.data.get(k) or "") for k in TEXT_KEYS), exclude=summary.id)


EDITED = ("draft", "edit")  # the step whose form a proposer fills in over time, and its action


def autosaved_action(view: services.CaseView) -> str | None:
    """The action whose form the case page saves as it is typed: a draft's edit form, for its proposer (who alone
    may take it); None otherwise."""
    state, trigger = EDITED
    if view.summary.workflow != NAME or view.summary.state != state:
        return None
    return trigger if any(a.trigger == trigger for a in view.actions) else None
