"""What the domains' notifications say: every kind a workflow queues has its own text in both languages, and
no text ever names a voter's choice."""

from __future__ import annotations

import string

from config import Settings
from engine.core.registry import Registry
from engine.notify import texts
from workflows import register_all
from workflows.congress.attendance import REMINDER_KINDS

CATALOG = register_all(Registry(), Settings()).texts


CONGRESS_KINDS = {"congress_documents", "congress_documents_reminder", "congress_opened", "congress_check_in_reminder",
                  "congress_results", "ballot_vote_reminder", "ballot_result", "resolution_overdue",
                  "resolution_reported"}


def test_every_congress_notification_has_its_own_text_in_both_languages():
    assert set(REMINDER_KINDS.values()) <= CONGRESS_KINDS <= set(CATALOG)
    for kind in CONGRESS_KINDS:
        for lang in ("zh", "en"):
            rendered = texts.render(kind, lang, catalog=CATALOG, title="第五届职工代表大会第二次会议",
                                    payload={"item": "增补职工董事", "session_id": 2, "path": "/congress/sessions/2"})
            assert "第五届职工代表大会第二次会议" in rendered.subject
            assert "{" not in rendered.paragraphs[0] and "第五届职工代表大会第二次会议" in rendered.paragraphs[0]
    result = texts.render("ballot_result", "zh", catalog=CATALOG, title="第五届职代会",
                          payload={"item": "增补职工董事"})
    assert result.paragraphs == ("“第五届职代会”表决事项“增补职工董事”已结束表决，结果已公布，请查看。",)
    english = texts.render("ballot_result", "en", catalog=CATALOG, title="第五届职代会",
                           payload={"item": "增补职工董事"})
    assert english.paragraphs == ("Voting on “增补职工董事” at “第五届职代会” has closed and its result is published.",)


BARGAINING_KINDS = {"bargaining_dispute", "bargaining_vote_passed", "bargaining_vote_failed",
                    "bargaining_filing_overdue", "bargaining_effective", "bargaining_in_effect", "bargaining_published",
                    "bargaining_renewal_window", "bargaining_dispute_employer", "bargaining_coordination_requested",
                    "bargaining_coordination_overdue"}


def test_every_bargaining_notification_has_its_own_text_in_both_languages():
    assert BARGAINING_KINDS <= set(CATALOG)
    for kind in BARGAINING_KINDS:
        for lang in ("zh", "en"):
            rendered = texts.render(kind, lang, catalog=CATALOG, title="2027年度集体协商",
                                    payload={"trigger": "publish", "state": "in_force", "expires_on": "2028-12-08"})
            assert "2027年度集体协商" in rendered.subject != texts.subject("unknown", lang, "2027年度集体协商", CATALOG)
            assert "{" not in rendered.paragraphs[0] and "2027年度集体协商" in rendered.paragraphs[0]
    window = texts.render("bargaining_renewal_window", "zh", catalog=CATALOG, title="2027年度集体合同",
                          payload={"expires_on": "2028-12-08"})
    assert window.paragraphs == ("“2027年度集体合同”将于 2028-12-08 期满，双方均可在期满前提出续订要求。",)


def test_a_text_names_only_the_title_the_deadline_and_an_item_never_a_choice():
    named = {field for text in CATALOG.values() for label in (text.subject, text.body)
             for words in (label.zh, label.en) for _, field, _, _ in string.Formatter().parse(words) if field}
    # expires_on: the day an agreement expires; note, reason, new_deadline: what the proposal committee wrote to a
    # department (a supervision note, why a deadline moved or a department was released), never a choice;
    # at, size, root, signature, key: a history checkpoint sent to the chair and the higher union;
    # author, excerpt: who commented on a case and the start of what they wrote; side, requested_on: which side of
    # a bargaining case asked for coordination, and when
    assert named == {"title", "due", "item", "expires_on", "note", "reason", "new_deadline", "at", "size", "root",
                     "signature", "key", "author", "excerpt", "side", "requested_on"}
    # A payload without the value a sentence names still renders (a dash), rather than failing the delivery.
    bare = texts.render("ballot_result", "en", catalog=CATALOG, title="第五届职代会", payload={"choice": "agree"})
    assert bare.paragraphs == ("Voting on “—” at “第五届职代会” has closed and its result is published.",)
