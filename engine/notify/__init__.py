"""Notification delivery: the outbox fanned out to in-app, e-mail and chat robot deliveries, and the digest.

``outbox.deliver`` and ``digest.send_digests`` are the scheduler's jobs; ``inapp``, ``preferences`` and
``failures`` are what ``engine.services`` offers the pages.
"""
