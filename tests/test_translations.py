"""Every UI string has a Swedish translation, the compiled catalog is current, and no
string escapes the catalog by being built at run time."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest

from tui import catalog, i18n

TUI = Path(catalog.__file__).parent


def test_the_extractor_finds_the_ui_strings():
    messages = catalog.extract()
    assert len(messages) > 100
    assert (
        "Lock" in messages
        and "The journal is locked. Type your passphrase and press Enter." in messages
    )


def test_swedish_is_complete_and_compiled():
    assert catalog.problems("sv") == []


def test_a_missing_translation_is_caught(tmp_path, monkeypatch):
    po = tmp_path / "sv.po"
    text = catalog.po_path("sv").read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Lås"', 'msgstr ""', 1), encoding="utf-8")
    monkeypatch.setattr(catalog, "po_path", lambda language: po)
    found = catalog.problems("sv")
    assert any("'Lock'" in line for line in found)


# The marking functions, and how many of their first arguments are the key (context included).
MARKERS = {"_": 1, "N_": 1, "NC_": 2, "ngettext": 2, "pgettext": 2, "npgettext": 3}
# Contexts and the functions that only mark (they translate nothing at the call).
LITERAL_ONLY = {"N_": 1, "NC_": 2, "pgettext": 1, "npgettext": 1}
SOURCES = sorted(TUI.rglob("*.py"))


def _marker_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
        ):
            yield node


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(TUI).as_posix())
def test_translated_strings_are_never_built_at_run_time(path):
    """`_(f"...")`, `_("a" + b)` or `_(text.format(...))` would never reach the catalog.

    Every file is checked (no file is let off). A translation call takes literals, or a name,
    attribute or item that holds a string marked with N_ where it was written (a table of
    sentences, a binding's description); marking calls and contexts take literals only.
    """
    if path.name == "i18n.py":  # where the functions are defined
        return
    for node in _marker_calls(ast.parse(path.read_text(encoding="utf-8"))):
        name = node.func.id  # type: ignore[attr-defined]
        keys = node.args[: MARKERS[name]]
        assert len(keys) == MARKERS[name], f"{path.name}:{node.lineno}"
        for position, arg in enumerate(keys):
            if position < LITERAL_ONLY.get(name, 0):
                assert _is_text(arg), f"{path.name}:{node.lineno}: {name} needs a literal"
            else:
                marked_elsewhere = isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript))
                assert _is_text(arg) or marked_elsewhere, (
                    f"{path.name}:{node.lineno}: text built at run time never reaches "
                    f"the catalog: {ast.unparse(arg)}"
                )


# Where text reaches a person: widgets, notifications, bindings, forms, the terminal.
# Callable name -> positions of its visible text.
VISIBLE_POSITIONS = {
    "Static": (0,),
    "Label": (0,),
    "Button": (0,),
    "Checkbox": (0,),
    "RadioButton": (0,),
    "Markdown": (0,),
    "TabPane": (0,),
    "Tab": (0,),
    "Option": (0,),
    "Text": (0,),
    "Content": (0,),
    "from_markup": (0,),
    "update": (0,),
    "notify": (0,),
    "add_column": (0,),
    "add_columns": tuple(range(12)),
    "SystemCommand": (0, 1),
    "Hit": (1, 3, 4),
    "DiscoveryHit": (0, 2),
    "Binding": (2,),
    "FormField": (1,),
    "print": (0,),
    "exit": (0,),
    "UsageProblem": (0,),
    "FormProblem": (0,),
}
VISIBLE_KEYWORDS = {
    "placeholder",
    "label",
    "description",
    "tooltip",
    "title",
    "help",
    "message",
    "prompt",
    "border_title",
    "border_subtitle",
    "sub_title",
}
VISIBLE_ATTRIBUTES = {
    "TITLE",
    "SUB_TITLE",
    "HELP",
    "TITLE_TEXT",
    "title",
    "sub_title",
    "border_title",
    "border_subtitle",
    "tooltip",
    "placeholder",
}
SAME_IN_EVERY_LANGUAGE = {"Saknad"}  # the app's name
_MARKUP_TAG = re.compile(r"\[/?[a-z $#.-]*\]")


def _has_words(node: ast.AST) -> bool:
    """Whether `node` is text a person reads (letters outside markup tags), not yet marked."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = _MARKUP_TAG.sub("", node.value)
        return any(ch.isalpha() for ch in text) and text not in SAME_IN_EVERY_LANGUAGE
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.IfExp):
        return _has_words(node.body) or _has_words(node.orelse)
    if isinstance(node, (ast.Tuple, ast.List)):
        return any(_has_words(element) for element in node.elts)
    return False  # a call (of _ or anything else), a name: not a bare literal


def _callable_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def untranslated_visible_text(source: str) -> list[tuple[int, str]]:
    """(line, code) of each literal shown to a person without _()/N_()/ngettext/pgettext."""
    found: list[ast.expr] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _callable_name(node.func)
            if name in MARKERS:
                continue
            for position in VISIBLE_POSITIONS.get(name or "", ()):
                if position < len(node.args) and _has_words(node.args[position]):
                    found.append(node.args[position])
            found += [kw.value for kw in node.keywords if kw.arg in VISIBLE_KEYWORDS]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(
                _callable_name(target) in VISIBLE_ATTRIBUTES for target in targets
            ):
                found.append(node.value)
    return sorted((node.lineno, ast.unparse(node)) for node in found if _has_words(node))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(TUI).as_posix())
def test_every_visible_string_is_translated(path):
    """No allow-list: every file under tui/, every widget, notification, binding and line
    printed for a person goes through the catalog."""
    if path.name == "catalog.py":  # a developer's tool, never shown to a counsellor
        return
    assert untranslated_visible_text(path.read_text(encoding="utf-8")) == []


def test_the_visible_text_check_finds_what_it_should():
    source = """
import sys
from textual.binding import Binding
yield Static("Hello there")
yield Static(_("Hello there"))
yield Label(f"[b]{key}[/b]  {description}")
self.notify("Saved", title="Done")
yield Input(placeholder="YYYY-MM-DD")
yield Input(placeholder=N_("YYYY-MM-DD"))
BINDINGS = [Binding("s", "save", "Save"), Binding("c", "cancel", N_("Cancel"))]
print("Could not read the file.", file=sys.stderr)
print("", file=sys.stderr)
raise UsageProblem(f"Bad value {value}")
TITLE = "Saknad"
HELP = "Press q to quit"
message.update(sentence_for(error))
"""
    assert [line for line, _code in untranslated_visible_text(source)] == [
        4,
        7,
        7,
        8,
        10,
        11,
        13,
        15,
    ]


def test_switching_language_switches_the_words():
    try:
        i18n.set_language("sv")
        assert i18n._("Lock") == "Lås"
        assert i18n.ngettext("{n} pupil", "{n} pupils", 2).format(n=2) == "2 elever"
        i18n.set_language("en")
        assert i18n._("Lock") == "Lock"
    finally:
        i18n.set_language("en")


def test_unknown_language_falls_back_to_english():
    try:
        i18n.set_language("xx")
        assert i18n.language() == "en" and i18n._("Lock") == "Lock"
    finally:
        i18n.set_language("en")


def test_the_committed_catalogs_pass_the_check(capsys):
    """What CI needs: `python -m tui.catalog --check` on the tree as committed."""
    assert catalog.main(["--check"]) == 0
    assert capsys.readouterr().out.strip() == "catalogs complete"


def _copy_of_the_catalog(tmp_path, monkeypatch, edit=lambda text: text):
    """A copy of the Swedish .po and .mo in tmp_path (edited), used by tui.catalog and i18n."""
    messages = tmp_path / "sv" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = messages / "saknad.po"
    po.write_text(edit(catalog.po_path("sv").read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(catalog.mo_path("sv"), messages / "saknad.mo")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    return po, messages / "saknad.mo"


def _mark_fuzzy(msgid):
    return lambda text: text.replace(f'\nmsgid "{msgid}"\n', f'\n#, fuzzy\nmsgid "{msgid}"\n', 1)


def test_a_fuzzy_entry_is_never_shown(tmp_path, monkeypatch):
    """A fuzzy entry is a guess (e.g. Babel's match after the English changed): the app shows
    English until a person confirms it, and the check says so."""
    _po, mo = _copy_of_the_catalog(tmp_path, monkeypatch, _mark_fuzzy("Lock"))
    catalog.update_all()
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert compiled.gettext("Lock") == "Lock"
    assert compiled.gettext("Quit") == "Avsluta"
    try:
        i18n.set_language("sv")
        assert i18n._("Lock") == "Lock" and i18n._("Quit") == "Avsluta"
    finally:
        i18n.set_language("en")
    assert any("fuzzy" in line and "'Lock'" in line for line in catalog.problems("sv"))


def test_a_stale_mo_is_caught(tmp_path, monkeypatch):
    _copy_of_the_catalog(
        tmp_path, monkeypatch, lambda text: text.replace('msgstr "Lås"', 'msgstr "Lås nu"', 1)
    )
    assert catalog.problems("sv") == [
        "sv: saknad.mo is older than saknad.po; run python -m tui.catalog"
    ]
    catalog.update_all()
    assert catalog.problems("sv") == []


def test_a_string_missing_from_the_po_is_caught(tmp_path, monkeypatch):
    def drop_lock(text):
        return text.replace('msgid "Lock"\nmsgstr "Lås"\n', "", 1)

    _copy_of_the_catalog(tmp_path, monkeypatch, drop_lock)
    found = catalog.problems("sv")
    assert any("saknad.po is not in step with the source" in line for line in found)
    assert any("no translation for 'Lock'" in line for line in found)


def test_header_dates_do_not_make_the_catalog_stale(tmp_path, monkeypatch):
    def other_day(text):
        for field in ("POT-Creation-Date", "PO-Revision-Date"):
            start = text.index(f'"{field}: ')
            end = text.index("\n", start)
            text = text[:start] + f'"{field}: 2001-02-03 04:05+0000\\n"' + text[end:]
        return text.replace('"Generated-By: Babel ', '"Generated-By: Babel 0.', 1)

    po, mo = _copy_of_the_catalog(tmp_path, monkeypatch, other_day)
    assert "2001-02-03" in po.read_text(encoding="utf-8")
    assert catalog.problems("sv") == []
    before = (po.read_bytes(), mo.read_bytes())
    catalog.update_all()
    assert (po.read_bytes(), mo.read_bytes()) == before  # nothing rewritten for a date


def test_placeholders_must_match(tmp_path, monkeypatch):
    _copy_of_the_catalog(
        tmp_path, monkeypatch, lambda text: text.replace('"{n} elev"', '"en elev"', 1)
    )
    found = catalog.problems("sv")
    assert any("placeholders differ in '{n} pupil'" in line for line in found)


def test_translator_comments_reach_the_translator(tmp_path):
    source = tmp_path / "tui"
    source.mkdir()
    (source / "screen.py").write_text(
        "from tui.i18n import _, pgettext\n"
        "# Translators: the button that locks the journal at once\n"
        "LABEL = _('Lock now')\n"
        "KIND = pgettext('school type', 'Other')\n",
        encoding="utf-8",
    )
    template = catalog.extract(source)
    lock = template.get("Lock now")
    assert lock.auto_comments == ["Translators: the button that locks the journal at once"]
    assert template.get("Other", context="school type") is not None
    po = catalog.po_bytes(catalog.updated("sv", template)).decode("utf-8")
    entries = {
        re.search(r'^msgid "(.*)"$', entry, re.MULTILINE)[1]: entry
        for entry in po.split("\n\n")[1:]
        if entry.strip()
    }
    assert "#. Translators: the button that locks the journal at once\n" in entries["Lock now"]
    assert 'msgctxt "school type"\nmsgid "Other"' in entries["Other"]


def test_other_as_relation_and_as_school_type_differ_in_swedish():
    from tui.dialogs.guardian_form import relation_label
    from tui.dialogs.sibling_form import school_type_label

    try:
        i18n.set_language("sv")
        assert relation_label("other") == "Annan"
        assert school_type_label("other") == "Annan skolform"
        i18n.set_language("en")
        assert relation_label("other") == school_type_label("other") == "Other"
    finally:
        i18n.set_language("en")


def test_the_empty_string_is_not_the_catalog_header():
    """gettext("") returns the .po header; `_` must never show it as text."""
    try:
        i18n.set_language("sv")
        assert i18n._("") == ""
    finally:
        i18n.set_language("en")
