"""The election workflows' names and words: the two workflows, the laws their refusals cite, and the reminders."""

from __future__ import annotations

from engine.core.i18n import Label

L = Label
ELECTION = "committee_election"  # 工会换届选举
TERM = "committee_term"  # a committee's term, watched for its reminders before it runs out
TERM_YEARS = (3, 5)
REMINDER_MONTHS = (6, 3)  # the union office and chair are reminded this many months before the term runs out

# The laws cited where a refusal rests on them. The Trade Union Law as revised in 2021 (in force 2022): art. 10
# (art. 9 before the revision) has committees elected by the members' assembly, no close relative of the
# enterprise's principal officers on a base committee, and the higher union leading the lower; art. 16 (art. 15
# before) sets a base committee's term at three or five years.
ELECTED_LAW = L("《中华人民共和国工会法》第十条", "Trade Union Law, art. 10")
TERM_LAW = L("《中华人民共和国工会法》第十六条", "Trade Union Law, art. 16")
CHARTER = L("《中国工会章程》第五章（基层组织）", "Constitution of the Chinese Trade Unions, ch. 5 (basic-level "
            "organisations)")
# 《工会基层组织选举工作条例》(总工发〔2016〕27号): art. 6 puts the election under the higher union's leadership.
RULES = L("《工会基层组织选举工作条例》", "Regulations on Elections in Basic-Level Trade Union Organisations")
RULES_LED = L("《工会基层组织选举工作条例》第六条", "Regulations on Elections in Basic-Level Trade Union "
              "Organisations, art. 6")


def cite(zh: str, en: str, *laws: Label) -> Label:
    """A refusal with the laws it rests on, in each language."""
    return L(f"{zh}（{'、'.join(law.zh for law in laws)}）。", f"{en} ({'; '.join(law.en for law in laws)}).")
