"""What the API takes and gives, as marshmallow schemas: the OpenAPI document is generated from them. One module
per area; every schema is importable from here (``from web.api import schemas as s``; ``s.CaseOut``).

Bodies refuse fields they do not declare (marshmallow's default); query strings ignore unknown parameters."""

from __future__ import annotations

from web.api.schemas.admin import (
    ROLE,
    ActiveIn,
    CongressSessionWindowIn,
    CongressSessionWindowList,
    CongressSessionWindowOut,
    CongressSessionWindowSummary,
    DeliveryOut,
    DeliveryPage,
    DeliveryQuery,
    DepartmentIn,
    DepartmentList,
    DepartmentOut,
    DepartmentQuery,
    DepartmentSummary,
    NameIn,
    NoticeIn,
    NoticeList,
    NoticeLoadedOut,
    NoticeOut,
    PasswordIn,
    Queued,
    RoleIn,
    TemplateIn,
    TemplateList,
    TemplateOut,
    TemplateQuery,
    TemplateSummary,
    UserIn,
    UserOut,
    UserPage,
    UserPatch,
    UserQuery,
    UserSummary,
    WindowIn,
)
from web.api.schemas.bargaining import (
    ClauseOut,
    CompareQuery,
    Comparison,
    Created,
    DraftOut,
    OpinionIn,
    OpinionOut,
    Opinions,
    TopicCount,
)
from web.api.schemas.cases import (
    ActionOut,
    CaseOut,
    CasePage,
    CaseQuery,
    CaseSummaryOut,
    EventOut,
    FieldOut,
    FileOut,
    FireIn,
    StartIn,
    State,
    TaskOut,
    Trigger,
    WorkflowList,
    WorkflowOut,
    WorkflowSummary,
)
from web.api.schemas.common import MAX_PER_PAGE, Attachment, LabelledValue, Me, PageMeta, PageQuery
from web.api.schemas.congress import (
    CHOICE,
    STEPS,
    CheckedIn,
    CheckInIn,
    CongressSessionList,
    CongressSessionOut,
    CongressSessionSummary,
    ItemIn,
    ItemList,
    ItemOut,
    MissingQuery,
    MyStatus,
    PaperBox,
    PaperBoxes,
    Person,
    PersonList,
    Quorum,
    Receipt,
    ReceiptIn,
    ReceiptOut,
    Recorded,
    RemindIn,
    Sent,
    TallyIn,
    UserIds,
    VoteIn,
)
from web.api.schemas.inbox import (
    Duty,
    InboxPage,
    InboxQuery,
    Marked,
    NotificationOut,
    NotificationPage,
    NotificationQuery,
    PreferencesIn,
    PreferencesOut,
)
from web.api.schemas.reports import (
    ChartOut,
    ColumnOut,
    DashboardOut,
    DashboardQuery,
    ExportOut,
    Figure,
    RegisterQuery,
    RequestStatisticsQuery,
    SuggestionRegisterQuery,
)
from web.api.schemas.rosters import (
    Imported,
    RepresentativeOut,
    Roster,
    RosterUpload,
    RuleCheckOut,
    RuleChecks,
    TermIn,
    TermList,
    TermOut,
    TermSummary,
)

__all__ = [
    # common
    "Attachment", "LabelledValue", "MAX_PER_PAGE", "Me", "PageMeta", "PageQuery",
    # cases
    "ActionOut", "CaseOut", "CasePage", "CaseQuery", "CaseSummaryOut", "EventOut", "FieldOut", "FileOut", "FireIn",
    "StartIn", "State", "TaskOut", "Trigger", "WorkflowList", "WorkflowOut", "WorkflowSummary",
    # inbox
    "Duty", "InboxPage", "InboxQuery", "Marked", "NotificationOut", "NotificationPage", "NotificationQuery",
    "PreferencesIn", "PreferencesOut",
    # congress
    "CHOICE", "CheckInIn", "CheckedIn", "CongressSessionList", "CongressSessionOut", "CongressSessionSummary",
    "ItemIn", "ItemList", "ItemOut", "MissingQuery", "MyStatus", "PaperBox", "PaperBoxes", "Person", "PersonList",
    "Quorum", "Receipt", "ReceiptIn", "ReceiptOut", "Recorded", "RemindIn", "STEPS", "Sent", "TallyIn", "UserIds",
    "VoteIn",
    # rosters
    "Imported", "RepresentativeOut", "Roster", "RosterUpload", "RuleCheckOut", "RuleChecks", "TermIn", "TermList",
    "TermOut", "TermSummary",
    # bargaining
    "ClauseOut", "CompareQuery", "Comparison", "Created", "DraftOut", "OpinionIn", "OpinionOut", "Opinions",
    "TopicCount",
    # admin
    "ActiveIn", "CongressSessionWindowIn", "CongressSessionWindowList", "CongressSessionWindowOut",
    "CongressSessionWindowSummary", "DeliveryOut", "DeliveryPage", "DeliveryQuery", "DepartmentIn",
    "DepartmentList", "DepartmentOut", "DepartmentQuery", "DepartmentSummary", "NameIn", "NoticeIn", "NoticeList",
    "NoticeLoadedOut", "NoticeOut", "PasswordIn", "Queued", "ROLE", "RoleIn", "TemplateIn", "TemplateList",
    "TemplateOut", "TemplateQuery", "TemplateSummary", "UserIn", "UserOut", "UserPage", "UserPatch", "UserQuery",
    "UserSummary", "WindowIn",
    # reports
    "ChartOut", "ColumnOut", "DashboardOut", "DashboardQuery", "Figure", "RegisterQuery", "ExportOut",
    "RequestStatisticsQuery",
    "SuggestionRegisterQuery",
]
