"""Reading the next batch of a long export while this one is being turned into rows.

A batch's queries spend much of their time where Python lets other threads run: in SQLite's own C code, or waiting
for PostgreSQL's answer. ``read_ahead`` runs the batches' reading in a thread of its own, one batch ahead, so that
this time overlaps the work on the batch before; at most two batches more than the one in hand are held."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
_END = object()
_POLL_S = 0.1  # how often a producer blocked on a full queue looks whether the reader stopped


def read_ahead(items: Iterable[T]) -> Iterator[T]:
    """``items`` in order, each produced in a thread while the one before is used; the producer's exception is
    raised here, and stopping early (closing the generator) stops the producer after the item it is on."""
    box: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(entry: tuple[Any, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                box.put(entry, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        source = iter(items)
        try:
            for item in source:
                if not put((item, None)):
                    return
        except BaseException as err:  # handed to the reader, which raises it
            put((_END, err))
            return
        finally:
            close = getattr(source, "close", None)
            if close is not None:  # a generator left halfway runs its own clean-up now, in this thread
                close()
        put((_END, None))

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, err = box.get()
            if item is _END:
                if err is not None:
                    raise err
                return
            yield item
    finally:
        stop.set()
        thread.join()
