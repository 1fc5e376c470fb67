"""Every UI string has a Swedish translation, the compiled catalog is current, and no
string escapes the catalog by being built at run time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tui import catalog, i18n

TUI = Path(catalog.__file__).parent


def test_the_extractor_finds_the_ui_strings():
    messages = catalog.extract()
    assert len(messages) > 100
    assert "Lock" in messages and "The journal is locked. Type your passphrase and press Enter." \
        in messages


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
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("_", "N_", "ngettext") and path.name != "i18n.py":
            literal = node.args and isinstance(node.args[0], ast.Constant)
            allowed_dynamic = path.name in ("error_text.py", "bindings.py", "help.py", "form.py",
                                            "import_text.py", "column_mapping.py")
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
