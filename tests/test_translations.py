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


@pytest.mark.parametrize("path", sorted(TUI.rglob("*.py")), ids=lambda p: p.name)
def test_translated_strings_are_literals(path):
    """`_(f"...")` or `_(variable)` would never reach the catalog."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "N_", "ngettext", "pgettext")
            and path.name != "i18n.py"
        ):
            # pgettext's context is as much a part of the key as the text.
            wanted = 2 if node.func.id == "pgettext" else 1
            literal = len(node.args) >= wanted and all(
                isinstance(arg, ast.Constant) for arg in node.args[:wanted]
            )
            allowed_dynamic = path.name in (
                "error_text.py",
                "bindings.py",
                "help.py",
                "form.py",
                "import_text.py",
                "column_mapping.py",
            )
            assert literal or allowed_dynamic, f"{path.name}:{node.lineno}"


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
