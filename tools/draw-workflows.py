#!/usr/bin/env python3
"""Draw each workflow's newest version into docs/workflows/<name>.svg (`make diagrams`), as the README links them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import Settings
from engine.core.registry import Registry
from engine.output.diagrams import draw
from workflows import register_all

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="the labels' language (default zh)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "workflows", help="the folder to write")
    args = parser.parse_args(argv)
    # Default settings: the workflows as an installation without a config file runs them.
    registry = register_all(Registry(), Settings())
    args.out.mkdir(parents=True, exist_ok=True)
    for name in sorted({entry.spec.name for entry in registry}):
        spec = registry.latest(name).spec
        path = args.out / f"{name}.svg"
        path.write_text(draw(spec, args.lang) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {name} v{spec.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
