"""The federation's own role. A role held at an organisation covers the organisations below it, so a federation's
staff hold ``federation_office`` and never a union's role: a union's workflows name ``federation_office`` only in
the steps a higher union may read (a filed agreement, an election), never a ballot or a draft."""

from __future__ import annotations

from engine.core.i18n import Label

FEDERATION_OFFICE = "federation_office"
ROLES = {FEDERATION_OFFICE: Label("上级工会工作人员", "Federation staff")}
