"""A long export reads its next batch while it writes this one: the batches come in order, all of them, a reading
that fails fails the export with its own error, and an export stopped halfway stops the reading too."""

from __future__ import annotations

import threading

import pytest

from engine.output.ahead import read_ahead


def test_every_batch_comes_in_order():
    assert list(read_ahead(iter(range(50)))) == list(range(50))
    assert list(read_ahead([])) == []


def test_a_reading_that_fails_fails_with_its_own_error():
    def batches():
        yield 1
        raise LookupError("no such session")

    got = []
    with pytest.raises(LookupError, match="no such session"):
        for batch in read_ahead(batches()):
            got.append(batch)
    assert got == [1]


def test_an_export_stopped_halfway_stops_the_reading():
    read, finished = [], threading.Event()

    def batches():
        try:
            for i in range(1000):
                read.append(i)
                yield i
        finally:
            finished.set()

    rows = read_ahead(batches())
    assert next(rows) == 0
    rows.close()  # the writer stopped: the reader's generator is closed
    assert finished.wait(5)
    assert len(read) <= 3  # the one in hand, one waiting, one being read
