"""The member register's public services, for the pages, the API and other domains: each union's member
figures on a day (``member_counts``)."""

from __future__ import annotations

from workflows.members.counts import MemberCounts, member_counts

__all__ = ["MemberCounts", "member_counts"]
