"""The member register's public services, for the pages, the API and other domains: each union's figures
(``member_counts``, all a federation may read), the register and a member's page with their history, the public
application and its progress, leaving, transfers, the transfer letter and the import."""

from __future__ import annotations

from workflows.members.counts import MemberCounts, member_counts
from workflows.members.importing import COLUMNS, Imported, ImportRejected, RowError, import_members
from workflows.members.moves import (
    Applied,
    apply,
    is_union,
    letter_text,
    record_leaving,
    start_transfer,
    transfer_outside,
    write_letter,
)
from workflows.members.public import Throttled, request_transfer
from workflows.members.public import apply as apply_public
from workflows.members.public import progress as progress_public
from workflows.members.spec import APPLICANT
from workflows.members.terms import ADMISSION, FIGURE_READERS, GENDERS, JOINED_HOW, KEEPERS, STATUSES, TRANSFER
from workflows.members.views import (
    MemberPage,
    MemberRow,
    Progress,
    case_details,
    member_page,
    progress,
    register_page,
)

__all__ = ["case_details", "MemberCounts", "member_counts", "COLUMNS", "Imported", "ImportRejected", "RowError",
           "import_members", "Applied", "apply", "is_union", "letter_text", "record_leaving",
           "start_transfer", "transfer_outside", "write_letter", "APPLICANT", "ADMISSION", "GENDERS", "JOINED_HOW",
           "FIGURE_READERS", "KEEPERS", "STATUSES", "TRANSFER", "MemberPage", "MemberRow", "Progress",
           "member_page", "progress", "register_page", "Throttled", "apply_public", "progress_public",
           "request_transfer"]
