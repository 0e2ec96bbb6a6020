"""The generic workflow engine: specs, shared machines, cases, history, tasks, timers and the outbox."""
