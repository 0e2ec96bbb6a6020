"""The load of bench/federation.py's throughput part: clients posting comments over the JSON API, each a union's
representative with an API token on their own union's proposal, and what each part of the machine spent on it.

Two load generators, the same requests: ``wrk`` (Debian's package) when it is on PATH, one connection per thread so
that every (token, case) pair keeps to one connection as a client would, a Lua ``request()`` hook giving each its
request and ``response()`` counting any answer but 201 as a failure; else ``threads``, one Python thread per pair
using http.client inside the bench process (which then spends about as much CPU as it measures). Both run a
2-second warm-up, then ``seconds`` timed.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BODY = json.dumps({"text": "同意，建议尽快落实。"}, ensure_ascii=False)
WARM_UP = 2.0
Pairs = list[tuple[str, int]]


@dataclass
class Probes:
    """What is read around a run: PgBouncer's (transactions, queries) so far, and comments posted so far."""

    queries: Callable[[], tuple[int, int]]
    comments: Callable[[], int]


@dataclass
class Run:
    """One throughput run: actions per second in the timed window, CPU seconds each part spent in it, and the
    round trips to PostgreSQL per comment over the whole run (every comment the server took counted)."""

    rate: float
    actions: int
    cpu: dict[str, float]
    transactions_per_action: float
    round_trips_per_action: float
    load_generator: str


def generator(asked: str = "") -> str:
    """``asked`` if given, else ``wrk`` when it is on PATH, else ``threads``."""
    return asked or ("wrk" if shutil.which("wrk") else "threads")


def run(base: str, pairs: Pairs, seconds: float, probes: Probes, asked: str = "") -> Run:
    """Post comments with ``len(pairs)`` clients for ``seconds`` after a warm-up, with ``generator(asked)``."""
    (xacts, sent), posted = probes.queries(), probes.comments()
    which = generator(asked)
    rate, actions, cpu = (_wrk if which == "wrk" else _threads)(base, pairs, seconds)
    time.sleep(1.5)  # the requests still under way end; PgBouncer refreshes its totals every second
    (xacts_after, sent_after), done = probes.queries(), max(probes.comments() - posted, 1)
    return Run(rate, actions, cpu, (xacts_after - xacts) / done, (sent_after - sent) / done, which)


def cpu_by_part() -> dict[str, float]:
    """CPU seconds so far of this process's children, the web processes (``unionflow serve``) together and
    PgBouncer, and of PostgreSQL's processes (the server's backends live as long as PgBouncer keeps its
    connections; Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {"web": 0.0, "pgbouncer": 0.0, "postgres": 0.0}
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().rsplit(")", 1)
            fields = rest.split()
            if name.endswith("(postgres"):
                found["postgres"] += (int(fields[11]) + int(fields[12])) / tick
                continue
            if int(fields[1]) != me:
                continue
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        part = "web" if b"serve" in cmdline else "pgbouncer" if b"pgbouncer" in cmdline else ""
        if part:
            found[part] += (int(fields[11]) + int(fields[12])) / tick
    return found


def _spent(before: dict[str, float]) -> dict[str, float]:
    return {part: seconds - before[part] for part, seconds in cpu_by_part().items()}


def _threads(base: str, pairs: Pairs, seconds: float) -> tuple[float, int, dict[str, float]]:
    host, port = base.removeprefix("http://").split(":")
    done = [0] * len(pairs)
    failed: list[str] = []
    stop = threading.Event()

    def client(i: int) -> None:
        token, case_id = pairs[i]
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        body = BODY.encode()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        while not stop.is_set():
            conn.request("POST", f"/api/v1/cases/{case_id}/comments", body, headers)
            response = conn.getresponse()
            response.read()
            if response.status != 201:
                failed.append(f"HTTP {response.status}")
                return
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(pairs))]
    for t in threads:
        t.start()
    time.sleep(WARM_UP)  # every process has its pool filled
    first, cpu, mine = sum(done), cpu_by_part(), time.process_time()
    started = time.perf_counter()
    time.sleep(seconds)
    counted, spent = sum(done) - first, _spent(cpu) | {"load_generator": time.process_time() - mine}
    elapsed = time.perf_counter() - started
    stop.set()
    for t in threads:
        t.join(60)
    if failed:
        raise SystemExit(f"an action failed: {failed[:3]}")
    return counted / elapsed, counted, spent


SCRIPT = """-- written by bench/load.py: one thread, one connection, one (token, case) pair each
local pairs = {%(pairs)s}
local body = [==[%(body)s]==]
local threads, made = {}, 0

function setup(thread)
  made = made + 1
  thread:set("id", made)
  table.insert(threads, thread)
end

function init(args)
  local pair = pairs[id]
  req = wrk.format("POST", "/api/v1/cases/" .. pair[2] .. "/comments",
                   {["Authorization"] = "Bearer " .. pair[1], ["Content-Type"] = "application/json"}, body)
  failed, statuses = 0, ""
end

function request()
  return req
end

function response(status, headers, body)
  if status ~= 201 then
    failed = failed + 1
    if #statuses < 100 then statuses = statuses .. status .. " " end
  end
end

function done(summary, latency, requests)
  local failures, statuses = 0, ""
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    statuses = statuses .. thread:get("statuses")
  end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%s\\n", summary.requests, summary.duration, failures,
                         e.connect + e.read + e.write + e.timeout, statuses))
end
"""


def _wrk(base: str, pairs: Pairs, seconds: float) -> tuple[float, int, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "comments.lua"
        script.write_text(SCRIPT % {"pairs": ", ".join(f'{{"{token}", {case}}}' for token, case in pairs),
                                    "body": BODY}, encoding="utf-8")

        def wrk(duration: float) -> tuple[int, float]:
            command = ["wrk", f"-t{len(pairs)}", f"-c{len(pairs)}", f"-d{duration:g}s", "--timeout", "60s",
                       "-s", str(script), base]
            out = subprocess.run(command, capture_output=True, text=True, check=False)
            found = [line.split(maxsplit=5) for line in out.stdout.splitlines() if line.startswith("RESULT ")]
            if out.returncode != 0 or not found:
                raise SystemExit(f"wrk failed (exit {out.returncode}): {out.stderr[-2000:]}{out.stdout[-2000:]}")
            _, requests, micros, failures, errors, *statuses = found[0]
            if int(failures) or int(errors):
                raise SystemExit(f"an action failed: {failures} answers not 201 ({' '.join(statuses)}), "
                                 f"{errors} socket errors")
            return int(requests), int(micros) / 1e6

        wrk(WARM_UP)  # every process has its pool filled
        cpu, mine = cpu_by_part(), resource.getrusage(resource.RUSAGE_CHILDREN)
        counted, elapsed = wrk(seconds)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk is the only child that ended meanwhile
        spent = _spent(cpu) | {"load_generator": after.ru_utime + after.ru_stime - mine.ru_utime - mine.ru_stime}
    return counted / elapsed, counted, spent
