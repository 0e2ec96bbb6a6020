"""The agenda topic workflow's name, its steps by group, and its label helper."""

from __future__ import annotations

from engine.core.i18n import Label

NAME = "agenda_topic"
SENT, ON_AGENDA, MERGED, DECLINED, WITHDRAWN = "to_sort", "on_agenda", "merged", "declined", "withdrawn"
SORT_WORKDAYS = 5  # local practice: the office sorts the topics within five working days after collection closes
L = Label
