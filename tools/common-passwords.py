"""Write engine/identity/common_passwords.txt: the 10,000 most common passwords, most common first.

The list is the start of the "passwords" frequency list bundled in zxcvbn (PyPI, MIT licence), drawn from leaked
password sets. zxcvbn is needed only to run this: `.venv/bin/pip install zxcvbn==4.5.0`, then
`.venv/bin/python tools/common-passwords.py`.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

COUNT = 10_000
TARGET = Path(__file__).resolve().parent.parent / "engine" / "identity" / "common_passwords.txt"


def main() -> None:
    words = FREQUENCY_LISTS["passwords"][:COUNT]
    header = (f"# The {COUNT:,} most common passwords, most common first: the first {COUNT:,} entries of the "
              f'"passwords" list\n# bundled in zxcvbn {version("zxcvbn")} (PyPI, MIT licence), drawn from leaked '
              "password sets. Regenerate with\n# tools/common-passwords.py.\n")
    TARGET.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(words)} passwords")


if __name__ == "__main__":
    main()
