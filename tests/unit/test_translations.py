"""Chinese is the default language: every text of the pages has a Chinese translation in the catalog."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "web" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def texts_in_the_pages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "web"), METHODS, keywords=KEYWORDS, options_map={"**/templates/**.html": {}}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_text_of_the_pages_is_translated_into_chinese():
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    texts = texts_in_the_pages()
    assert len(texts) > 50, "the extractor found too few texts: is the method map right?"
    missing = sorted(t for t in texts if not (catalog.get(t) and catalog.get(t).string and not catalog.get(t).fuzzy))
    assert missing == []
