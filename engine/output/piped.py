"""Writing a large .xlsx file in a process of its own: the rows are read and built here while the writer process
makes cells of the previous ones (``xlsx_cells``: dates as serial days, text that would read as a formula marked)
and turns them into XML, so the two halves of an export overlap on two cores instead of taking turns under one
interpreter lock. Background exports use it. The rows cross a pipe in pickled chunks
(between this process and the child it started, nothing else); the pipe's buffer holds the reader back when the
writer falls behind, so neither side's memory grows with the rows.

The writer is ``engine.output.xlsxrows`` run as a script: ``serve`` there reads the messages from standard input."""

from __future__ import annotations

import operator
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from engine.output import xlsxrows
from engine.output.tables import Sheet

CHUNK = 500  # rows a message carries
WAIT_S = 600.0  # the longest the writer may take to finish once every row was handed over


def write_xlsx_piped(sheets: Sequence[Sheet], path: Path, lang: str = "zh") -> None:
    """Write ``sheets`` to ``path`` as ``write_xlsx`` would, the XML written by a child process."""
    with tempfile.TemporaryFile() as problems:
        # The writer runs xlsxrows.py as a script (-P: without its folder on the import path), which imports
        # XlsxWriter and nothing of the engine: it is ready at once, not a second later.
        writer = subprocess.Popen([sys.executable, "-P", xlsxrows.__file__, str(path)], stdin=subprocess.PIPE,
                                  stderr=problems)
        assert writer.stdin is not None
        try:
            try:
                _send(writer.stdin, sheets, lang)
                writer.stdin.close()
            except BrokenPipeError:
                pass  # the writer stopped: its exit code and message say why
            if writer.wait(timeout=WAIT_S) != 0:
                problems.seek(0)
                raise RuntimeError(f"the Excel writer stopped ({writer.returncode}): "
                                   f"{problems.read().decode(errors='replace')[-500:]}")
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()


def _send(pipe: IO[bytes], sheets: Sequence[Sheet], lang: str) -> None:
    for sheet in sheets:
        columns = sheet.columns
        pickle.dump(("sheet", sheet.title(lang), [c.kind for c in columns], [c.width for c in columns],
                     [c.header(lang) for c in columns]), pipe)
        keys, chunk = [c.key for c in columns], []
        values = _values(keys)
        for row in sheet.rows:
            try:
                chunk.append(values(row))
            except KeyError:  # a row without some columns (a heading row of the statistics, say)
                chunk.append([row.get(k) for k in keys])
            if len(chunk) == CHUNK:
                pickle.dump(("rows", chunk), pipe)
                chunk = []
        if chunk:
            pickle.dump(("rows", chunk), pipe)
    pickle.dump(("close",), pipe)


def _values(keys: Sequence[str]) -> Callable[[dict[str, Any]], Sequence[Any]]:
    """A row's values of these keys, in order, at C speed (KeyError when it lacks one)."""
    if len(keys) > 1:
        return operator.itemgetter(*keys)
    return lambda row: tuple(row[k] for k in keys)
