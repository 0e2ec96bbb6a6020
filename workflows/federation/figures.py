"""A federation's member unions, a year's figures of each and in all: congress sessions (held, secret ballots,
quorum), proposals (made, answered, on time, satisfaction), agreements (in force, expiring, expired, signed but
not filed), the committee's term, and overdue work. Every figure is counted by the database over the federation's
branch of the tree, grouped by organisation (a handful of queries whatever the number of unions); no case, draft,
ballot or request of a union is read here, only counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine import services
from engine.time.calendar import TZ
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress
from workflows.elections import services as elections
from workflows.federation.access import federation
from workflows.proposals import services as proposals

TERM_SOON_MONTHS = 6  # a term ending within this many months is flagged, so the election is prepared in time


@dataclass
class UnionFigures:
    """One member union's figures of the year (or the sum over all of them, ``id`` 0)."""

    id: int
    name: str
    federation: str  # the federation it sits directly under
    congress: congress.YearFigures = field(default_factory=congress.YearFigures)
    proposals: proposals.ProposalFigures = field(default_factory=proposals.ProposalFigures)
    agreements: bargaining.AgreementFigures = field(default_factory=bargaining.AgreementFigures)
    overdue: int = 0  # open tasks past their due time
    supervision: int = 0  # of which supervision (督办)
    term: elections.CommitteeTerm | None = None  # the committee's running term, None if none recorded
    past_term: bool = False
    term_ending: bool = False
    term_ends: date | None = None  # when read back from the table, which keeps the term's end only

    @property
    def term_ends_on(self) -> date | None:
        return self.term.ends_on if self.term else self.term_ends


def _add_agreements(into: bargaining.AgreementFigures, other: bargaining.AgreementFigures) -> None:
    for key in ("in_force", "expiring", "expired", "under_review", "unfiled", "filing_overdue"):
        setattr(into, key, getattr(into, key) + getattr(other, key))
    for kind, n in other.kinds.items():
        into.kinds[kind] = into.kinds.get(kind, 0) + n


def _add_congress(into: congress.YearFigures, other: congress.YearFigures) -> None:
    for key in ("sessions", "held", "closed", "with_secret_ballot", "quorum_met"):
        setattr(into, key, getattr(into, key) + getattr(other, key))


@dataclass
class Figures:
    """Every member union's figures and their sum."""

    federation: services.OrgView
    year: int
    today: date
    unions: list[UnionFigures]
    total: UnionFigures

    @property
    def held_congress(self) -> int:
        return sum(1 for u in self.unions if u.congress.held)

    @property
    def past_term(self) -> int:
        return sum(1 for u in self.unions if u.past_term)

    @property
    def with_unfiled(self) -> int:
        return sum(1 for u in self.unions if u.agreements.unfiled)


def _union_of(branches: list[services.Branch], top: services.OrgView
              ) -> tuple[dict[int, int], dict[int, UnionFigures]]:
    """Each organisation of the branch mapped to the member union it belongs to (itself, or the union above a
    department), and an empty figure per union."""
    names = {top.id: top.name, **{b.id: b.name for b in branches}}
    kinds = {b.id: b.kind for b in branches}
    unions: dict[int, UnionFigures] = {}
    owner: dict[int, int] = {}
    for b in branches:
        if b.kind == "union":
            parent = names.get(b.parent_id or 0, "")
            unions[b.id] = UnionFigures(b.id, b.name, parent)
            owner[b.id] = b.id
        elif b.kind == "department":
            union = next((a for a in b.ancestors() if kinds.get(a) == "union"), None)
            if union is not None:
                owner[b.id] = union
    return owner, unions


def collect(env: services.Env, actor_id: int | None, federation_id: int, year: int,
            only: int | None = None) -> Figures:
    """The figures of the federation's member unions for ``year`` (``only``: of one of them), counted now."""
    return count(env, federation(env, actor_id, federation_id), year, only)


def count(env: services.Env, org: services.OrgView, year: int, only: int | None = None) -> Figures:
    """``collect`` for a federation whose staff the caller has checked (or for the figures kept in a table)."""
    federation_id = org.id
    today = env.clock.now().astimezone(TZ).date()
    if only is not None:  # one union: its own branch, after checking it is below the federation
        try:
            top = services.branch(env, only)
        except services.NotFound:
            raise services.NotFound("union", only) from None
        if top.kind != "union" or federation_id not in top.ancestors():
            raise services.NotFound("union", only)
        parent = services.branch(env, top.parent_id) if top.parent_id else None
        branches = [top, *([parent] if parent else []), *services.organisations_below(env, only)]
    else:
        branches = services.organisations_below(env, federation_id)
    owner, unions = _union_of(branches, org)
    if only is not None:
        owner = {o: u for o, u in owner.items() if u == only}
        unions = {only: unions[only]}
    keep = set(unions)
    under = only if only is not None else federation_id
    for org_id, figures in congress.figures_of_year(env, under, year).items():
        if owner.get(org_id) in keep:
            _add_congress(unions[owner[org_id]].congress, figures)
    for org_id, p in proposals.figures_below(env, under, year).items():
        if owner.get(org_id) in keep:
            unions[owner[org_id]].proposals.add(p)
    for org_id, a in bargaining.figures_below(env, under, today).items():
        if owner.get(org_id) in keep:
            _add_agreements(unions[owner[org_id]].agreements, a)
    for org_id, o in services.overdue_below(env, under).items():
        if owner.get(org_id) in keep:
            unions[owner[org_id]].overdue += o.tasks
            unions[owner[org_id]].supervision += o.supervision
    for union_id, term in elections.committee_terms(env, list(keep)).items():
        u = unions[union_id]
        u.term, u.past_term = term, term.past_term(today)
        u.term_ending = term.ends_within(today, TERM_SOON_MONTHS)
    total = UnionFigures(0, org.name, "")
    for u in unions.values():
        _add_congress(total.congress, u.congress)
        total.proposals.add(u.proposals)
        _add_agreements(total.agreements, u.agreements)
        total.overdue += u.overdue
        total.supervision += u.supervision
    return Figures(org, year, today, list(unions.values()), total)


def ranked(unions: list[UnionFigures]) -> list[UnionFigures]:
    """Those needing attention first: most overdue work, then past their term, then unfiled agreements."""
    return sorted(unions, key=lambda u: (-u.overdue, not u.past_term, -u.agreements.unfiled, u.name))
