"""Write the README's table of who reads and who acts on a case, step by step, for each workflow's newest version."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from engine.core.readers import access_table  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from workflows import register_all  # noqa: E402

START, END = "<!-- access-table:start -->", "<!-- access-table:end -->"


def tables() -> str:
    registry = register_all(Registry(), Settings())
    names = sorted({e.spec.name for e in registry})
    return "\n\n".join(access_table(registry.latest(n).spec) for n in names)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(f"{head}{START}\n{tables()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
