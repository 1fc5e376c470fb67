"""The translation catalog: find the UI's strings, keep sv.po in step, compile saknad.mo.

    python -m tui.catalog            add new strings to every .po, compile every .mo
    python -m tui.catalog --check    exit 1 if a string lacks a translation or a .mo is stale

Strings are found in the source, not by running it: every call of `_`, `N_` and `ngettext`
with literal arguments under tui/. Only the standard library is used, so no gettext tools
need installing.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tui.i18n import DOMAIN, LOCALE_DIR

SOURCE_ROOT = Path(__file__).parent
TRANSLATED_LANGUAGES = ("sv",)  # English is the source language


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    translations: list[str] = field(default_factory=list)  # one, or one per plural form
    places: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations)


def extract(root: Path = SOURCE_ROOT) -> dict[str, Message]:
    """Every translatable string under `root`, by msgid, in source order."""
    found: dict[str, Message] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            name = node.func.id
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                    else None for a in node.args]
            if name in ("_", "N_") and args and args[0]:
                msgid, plural = args[0], None
            elif name == "ngettext" and len(args) >= 2 and args[0] and args[1]:
                msgid, plural = args[0], args[1]
            else:
                continue
            message = found.setdefault(msgid, Message(msgid, plural))
            message.places.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


# -- .po -----------------------------------------------------------------------------------

def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _unquote(line: str) -> str:
    body = line.strip()[1:-1]
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(body[i + 1],
                                                                      body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def read_po(path: Path) -> dict[str, Message]:
    """The messages of a .po file (the header entry under the empty msgid included)."""
    messages: dict[str, Message] = {}
    current: dict[str, str] = {}
    key = None

    def finish() -> None:
        if "msgid" in current:
            plural = current.get("msgid_plural")
            if plural is None:
                translations = [current.get("msgstr", "")]
            else:
                forms = sorted(k for k in current if k.startswith("msgstr["))
                translations = [current[k] for k in forms]
            messages[current["msgid"]] = Message(current["msgid"], plural, translations)
        current.clear()

    if not path.exists():
        return messages
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if not stripped and "msgid" in current and key and key.startswith("msgstr"):
                finish()
                key = None
            continue
        if stripped.startswith('"'):
            current[key] = current.get(key, "") + _unquote(stripped)
            continue
        keyword, _space, rest = stripped.partition(" ")
        if keyword == "msgid" and key and key.startswith("msgstr"):
            finish()
        key = keyword
        current[key] = _unquote(rest)
    finish()
    return messages


HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def write_po(path: Path, language: str, source: dict[str, Message],
             existing: dict[str, Message]) -> None:
    """Write `path` with every source string, keeping existing translations."""
    lines = [f"# Saknad, {language}. Edit msgstr lines; `python -m tui.catalog` updates.",
             'msgid ""', 'msgstr ""']
    lines += [_quote(f"Language: {language}\n" + HEADER), ""]
    for msgid, message in source.items():
        old = existing.get(msgid)
        lines += [f"#: {place}" for place in message.places[:3]]
        lines.append(f"msgid {_quote(msgid)}")
        if message.plural is not None:
            lines.append(f"msgid_plural {_quote(message.plural)}")
            forms = old.translations if old and len(old.translations) == 2 else ["", ""]
            lines += [f"msgstr[{n}] {_quote(form)}" for n, form in enumerate(forms)]
        else:
            lines.append(f"msgstr {_quote(old.translations[0] if old else '')}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


# -- .mo (the GNU format that gettext reads) ------------------------------------------------

def compile_mo(messages: dict[str, Message]) -> bytes:
    """The .mo bytes for `messages` (untranslated ones left out, so English shows)."""
    pairs: list[tuple[bytes, bytes]] = []
    for msgid, message in messages.items():
        if msgid == "":
            pairs.append((b"", message.translations[0].encode("utf-8")))
        elif message.translated:
            key = msgid if message.plural is None else f"{msgid}\0{message.plural}"
            pairs.append((key.encode("utf-8"),
                          "\0".join(message.translations).encode("utf-8")))
    pairs.sort()
    count = len(pairs)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    table_o, table_t, blob = [], [], b""
    for original, _t in pairs:
        table_o.append((len(original), data_at + len(blob)))
        blob += original + b"\0"
    for _o, translation in pairs:
        table_t.append((len(translation), data_at + len(blob)))
        blob += translation + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    tables = b"".join(struct.pack("<2I", *entry) for entry in table_o + table_t)
    return header + tables + blob


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def problems(language: str) -> list[str]:
    """What is missing or stale in `language`'s catalog, one line each."""
    source = extract()
    catalog = read_po(po_path(language))
    found = [f"{language}: no translation for {msgid!r} ({source[msgid].places[0]})"
             for msgid in source if msgid not in catalog or not catalog[msgid].translated]
    found += [f"{language}: placeholders differ in {msgid!r}"
              for msgid in source if msgid in catalog and catalog[msgid].translated
              and not _same_placeholders(msgid, catalog[msgid].translations)]
    mo = mo_path(language)
    if not mo.exists() or mo.read_bytes() != compile_mo(catalog):
        found.append(f"{language}: {mo.name} is older than {po_path(language).name}; "
                     "run python -m tui.catalog")
    return found


def _same_placeholders(msgid: str, translations: list[str]) -> bool:
    import string

    def names(text: str) -> set[str]:
        return {field for _lit, field, _spec, _conv in string.Formatter().parse(text)
                if field is not None}

    return all(names(t) == names(msgid) for t in translations)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        issues = [line for language in TRANSLATED_LANGUAGES for line in problems(language)]
        print("\n".join(issues) or "catalogs complete")
        return 1 if issues else 0
    source = extract()
    for language in TRANSLATED_LANGUAGES:
        existing = read_po(po_path(language))
        write_po(po_path(language), language, source, existing)
        mo_path(language).write_bytes(compile_mo(read_po(po_path(language))))
        missing = sum(1 for line in problems(language) if "no translation" in line)
        print(f"{language}: {len(source)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
