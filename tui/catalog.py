"""The translation catalogs, kept by Babel: find the UI's strings, update the .po, compile the .mo.

    python -m tui.catalog            extract the strings, update every .po, compile every .mo
    python -m tui.catalog --check    exit 1 if a .po or .mo is stale, or an entry is
                                     untranslated or fuzzy (the test suite runs this, so CI does)

Strings are found in the source, not by running it: every call of `_`, `N_`, `NC_`,
`ngettext`, `pgettext` and `npgettext` with literal arguments under tui/. A `# Translators:`
comment on the line before a call reaches the translator as a `#.` line. Entries marked
`#, fuzzy` (a guess, e.g. after the English changed) are never compiled, so the app shows
English until a person confirms them.

Babel is a developer tool here (the test extras): the app reads the compiled .mo files with the
standard library's gettext, so start-up never imports Babel.
"""

from __future__ import annotations

import argparse
import io
import re
import string
import struct
import sys
from importlib import metadata
from pathlib import Path

try:
    from babel.messages.catalog import Catalog, Message
    from babel.messages.extract import extract_from_file
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po
except ImportError:  # pragma: no cover - only without the developer tools installed
    sys.exit("Babel keeps the catalogs: .venv/bin/pip install -e '.[test]'")

from tui.i18n import DOMAIN, LOCALE_DIR

SOURCE_ROOT = Path(__file__).parent
TRANSLATED_LANGUAGES = ("sv",)  # English is the source language

# Babel's keyword specs: argument positions of the message (and "c" for the context).
KEYWORDS = {
    "_": None,
    "N_": None,
    "NC_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)

HEADER_COMMENT = (
    "# {language} translations of Saknad. Edit the msgstr lines and delete a '#, fuzzy' line\n"
    "# once its guess is checked; `python -m tui.catalog` updates this file and compiles the .mo."
)
# Header fields that change without the translations changing (a new day, a new Babel, a
# new release): ignored when deciding whether a catalog is stale.
VOLATILE_HEADER = ("POT-Creation-Date", "PO-Revision-Date", "Generated-By", "Project-Id-Version")
_VOLATILE_LINE = re.compile(rf'^"?(?:{"|".join(VOLATILE_HEADER)}): .*$', re.MULTILINE)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


# -- extract -------------------------------------------------------------------------------


def extract(root: Path = SOURCE_ROOT) -> Catalog:
    """Every translatable string under `root`, in source order (a template catalog)."""
    template = Catalog(project="Saknad", fuzzy=False)
    for path in sorted(root.rglob("*.py")):
        place = path.relative_to(root.parent).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python", path, keywords=KEYWORDS, comment_tags=COMMENT_TAGS
        ):
            template.add(
                message, locations=[(place, lineno)], auto_comments=comments, context=context
            )
    return template


# -- update --------------------------------------------------------------------------------


def updated(language: str, template: Catalog) -> Catalog:
    """`language`'s catalog with the template's strings, its translations kept.

    A string whose English changed a little gets the old translation marked fuzzy (Babel's
    matching), so a translator checks it rather than starts again.
    """
    path = po_path(language)
    if path.exists():
        with path.open("rb") as file:
            catalog = read_po(file, locale=language, domain=DOMAIN)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN)
    catalog.update(template)
    catalog.project = "Saknad"
    catalog.version = _version()
    name = (catalog.locale.english_name if catalog.locale else None) or language
    catalog.header_comment = HEADER_COMMENT.format(language=name)
    catalog.last_translator = "Saknad translators"
    catalog.msgid_bugs_address = ""
    catalog.revision_date = catalog.creation_date
    catalog.language_team = name
    catalog.fuzzy = False  # the header entry; the messages keep their own flags
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    """The .po file for `catalog`.

    File names without line numbers, so moving code does not make the catalog stale; strings
    that left the source are dropped (git keeps their history).
    """
    out = io.BytesIO()
    write_po(
        out, catalog, width=96, include_lineno=False, ignore_obsolete=True, include_previous=True
    )
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The .mo file for `catalog`: untranslated and fuzzy entries left out, so English shows."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _same_po(a: bytes, b: bytes) -> bool:
    def steady(text: bytes) -> str:
        return _VOLATILE_LINE.sub("", text.decode("utf-8"))

    return steady(a) == steady(b)


def _mo_entries(data: bytes) -> dict[bytes, bytes]:
    """What a .mo file maps, original to translation, with the header's volatile fields out."""
    magic, _revision, count, originals_at, translations_at = struct.unpack("<5I", data[:20])
    if magic != 0x950412DE:
        raise ValueError("not a little-endian .mo file")
    entries: dict[bytes, bytes] = {}
    for n in range(count):
        o_len, o_at = struct.unpack("<2I", data[originals_at + 8 * n : originals_at + 8 * n + 8])
        t_len, t_at = struct.unpack(
            "<2I", data[translations_at + 8 * n : translations_at + 8 * n + 8]
        )
        entries[data[o_at : o_at + o_len]] = data[t_at : t_at + t_len]
    header = entries.get(b"", b"").decode("utf-8")
    entries[b""] = b"\n".join(
        line.encode("utf-8")
        for line in header.splitlines()
        if not line.startswith(VOLATILE_HEADER)
    )
    return entries


def _same_mo(a: bytes, b: bytes) -> bool:
    try:
        return _mo_entries(a) == _mo_entries(b)
    except (struct.error, ValueError):
        return False


# -- check ---------------------------------------------------------------------------------


def _describe(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    context = f" ({message.context})" if message.context else ""
    place = f" ({message.locations[0][0]})" if message.locations else ""
    return f"{msgid!r}{context}{place}"


def _translations(message: Message) -> list[str]:
    forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return [form or "" for form in forms]


def _placeholders(text: str) -> set[str]:
    try:
        return {
            name
            for _literal, name, _spec, _conversion in string.Formatter().parse(text)
            if name is not None
        }
    except ValueError:  # an unbalanced brace: never the same as a well-formed original
        return {"<unbalanced braces>"}


def problems(language: str) -> list[str]:
    """What is stale, missing or unconfirmed in `language`'s catalog, one line each."""
    catalog = updated(language, extract())
    found: list[str] = []
    path = po_path(language)
    if not path.exists() or not _same_po(path.read_bytes(), po_bytes(catalog)):
        found.append(
            f"{language}: {path.name} is not in step with the source; run python -m tui.catalog"
        )
    for message in list(catalog)[1:]:  # the first is the header
        translations = _translations(message)
        if not all(translations):
            found.append(f"{language}: no translation for {_describe(message)}")
        elif message.fuzzy:
            found.append(f"{language}: fuzzy (a guess to confirm) {_describe(message)}")
        else:
            originals = message.id if isinstance(message.id, (list, tuple)) else [message.id]
            wanted: set[str] = set().union(*(_placeholders(o) for o in originals))
            if any(_placeholders(t) != wanted for t in translations):
                found.append(f"{language}: placeholders differ in {_describe(message)}")
    mo = mo_path(language)
    if path.exists():
        with path.open("rb") as file:
            committed = read_po(file, locale=language, domain=DOMAIN)
        if not mo.exists() or not _same_mo(mo.read_bytes(), mo_bytes(committed)):
            found.append(
                f"{language}: {mo.name} is older than {path.name}; run python -m tui.catalog"
            )
    return found


# -- the command ---------------------------------------------------------------------------


def update_all() -> list[str]:
    """Update every .po and compile every .mo; a line per language for the developer."""
    template = extract()
    report: list[str] = []
    for language in TRANSLATED_LANGUAGES:
        catalog = updated(language, template)
        po, mo = po_path(language), mo_path(language)
        text = po_bytes(catalog)
        if not po.exists() or not _same_po(po.read_bytes(), text):
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_bytes(text)
        compiled = mo_bytes(catalog)
        if not mo.exists() or not _same_mo(mo.read_bytes(), compiled):
            mo.write_bytes(compiled)
        messages = list(catalog)[1:]
        missing = sum(1 for m in messages if not all(_translations(m)))
        fuzzy = sum(1 for m in messages if m.fuzzy and all(_translations(m)))
        report.append(
            f"{language}: {len(messages)} strings, {missing} without translation, {fuzzy} fuzzy"
        )
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.catalog",
        description="Update the translation catalogs from the source, or check them.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if a catalog is stale or incomplete",
    )
    args = parser.parse_args(argv)
    if args.check:
        found = [line for language in TRANSLATED_LANGUAGES for line in problems(language)]
        print("\n".join(found) or "catalogs complete")
        return 1 if found else 0
    print("\n".join(update_all()))
    return 0


def _version() -> str:
    try:
        return metadata.version("saknad")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout without install
        return "0"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
