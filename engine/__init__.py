"""The generic workflow engine: specs, shared machines, cases, history, tasks, timers and the outbox."""

# The engine's config tables ([notify], [scheduler], [calendar]) are declared whenever any part of it is imported,
# so that loading the settings knows them.
from engine.notify import settings as _notify_settings  # noqa: F401
from engine.scheduler import settings as _scheduler_settings  # noqa: F401
from engine.store import checkpoint as _checkpoint_settings  # noqa: F401
from engine.time import settings as _calendar_settings  # noqa: F401
