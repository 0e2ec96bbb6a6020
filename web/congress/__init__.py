"""Congress pages: the chair's console, the representatives' booth, tellers' counts, results and rosters."""

from __future__ import annotations

from web.congress import booth, console, results, roster, tally
from web.congress.common import bp

__all__ = ["bp", "booth", "console", "results", "roster", "tally"]
