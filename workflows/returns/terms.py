"""The statistical return's names: the workflow, its steps as the services read them, and who reads what."""

from __future__ import annotations

from engine.core.i18n import Label

L = Label
NAME = "statistical_return"
VERSION = 1
FEDERATION_OFFICE = "federation_office"
OFFICE = "union_office"
CHAIR = "union_chair"
# The steps, as the services and the consolidation read them (the pages ask the services).
DRAFT, SUBMITTED, RETURNED, ACCEPTED = "draft", "submitted", "returned", "accepted"
EDITABLE = (DRAFT, RETURNED)  # the union may correct figures and submit
# Who of the union may open its returns (the federation's staff read a return once submitted).
UNION_READERS = (OFFICE, CHAIR)
# The registry's policy holding ``[return] due`` ("MM-DD" of the next year).
DUE_POLICY = "return_due"
