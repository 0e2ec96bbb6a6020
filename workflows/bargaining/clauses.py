"""Comparing two versions of an agreement clause by clause (第一条, 第二条, … or one clause per paragraph)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

HEADING = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+条)")
Change = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One clause of the comparison: its heading if it has one, the old and the new text."""

    change: Change
    heading: str
    old: str
    new: str


def split(text: str) -> list[str]:
    """Clauses: a line starting 第…条 begins one; lines that follow belong to it; blank lines separate
    clauses in a text without headings."""
    clauses: list[str] = []
    current: list[str] = []
    headed = any(HEADING.match(line) for line in text.splitlines())
    for line in text.splitlines():
        starts = HEADING.match(line) if headed else not line.strip()
        if starts and current:
            clauses.append("\n".join(current).strip())
            current = []
        if line.strip():
            current.append(line.rstrip())
    if current:
        clauses.append("\n".join(current).strip())
    return [c for c in clauses if c]


def _heading(clause: str) -> str:
    found = HEADING.match(clause)
    return found.group(1) if found else ""


def compare(old: str, new: str) -> list[ClauseChange]:
    """Align the clauses of two versions (by heading where there are headings, else by text) and say for each
    whether it stayed, changed, was added or removed."""
    a, b = split(old), split(new)
    keys_a = [_heading(c) or c for c in a]
    keys_b = [_heading(c) or c for c in b]
    rows: list[ClauseChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [ClauseChange("same" if a[i] == b[j] else "changed", _heading(a[i]), a[i], b[j])
                     for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        # Clauses with headings are the same clause only under the same heading; unheaded paragraphs that
        # replace each other are shown as changed.
        unheaded = not any(_heading(c) for c in a[i1:i2] + b[j1:j2])
        pairs = min(i2 - i1, j2 - j1) if op == "replace" and unheaded else 0
        for k in range(pairs):
            rows.append(ClauseChange("changed", "", a[i1 + k], b[j1 + k]))
        rows += [ClauseChange("removed", _heading(a[i]), a[i], "") for i in range(i1 + pairs, i2)]
        rows += [ClauseChange("added", _heading(b[j]), "", b[j]) for j in range(j1 + pairs, j2)]
    return rows
