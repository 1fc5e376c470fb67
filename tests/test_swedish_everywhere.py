"""Swedish wherever it is the language (issue 8, point 13, and the sentence of point 6).

Error sentences on the unlock screen, in the change-passphrase dialog and from every CLI
command; argparse's usage, help and errors; the command palette's own words; the reasons of
the operating system (naming the file, never its folder); the name and the reason of a refused
value; the placeholders of dates and identity numbers.
"""

from __future__ import annotations

import argparse
import ast
import errno
import gettext
import inspect
import os
from pathlib import Path

import pytest
from app_helpers import FAST_KDF, build_app, fill, press_button, wait_for_screen, wait_until
from textual.widgets import Input, Static

import storage
from storage import errors as e
from storage.access import create_journal
from storage.paths import JournalPaths
from tui import argparse_text, error_text, i18n
from tui.error_text import FIELD_NAMES, OS_REASONS, REASONS, sentence_for

PASSPHRASE = "four calm words here"


@pytest.fixture
def swedish():
    i18n.set_language("sv")
    try:
        yield
    finally:
        i18n.set_language("en")


def in_language(language: str, make_text) -> str:
    """`make_text()` with `language` active (the active language is put back afterwards)."""
    before = i18n.language()
    i18n.set_language(language)
    try:
        return make_text()
    finally:
        i18n.set_language(before)


@pytest.fixture
def cli_sv(cli, monkeypatch):
    """The `cli` fixture, in Swedish (the fixture itself always asks for English)."""
    monkeypatch.setattr("tui.__main__.set_language", lambda _language: i18n.set_language("sv"))
    return cli


@pytest.fixture
def existing(tmp_path) -> Path:
    folder = tmp_path / "journal"
    created = create_journal(JournalPaths(folder), PASSPHRASE, params=FAST_KDF)
    created.journal.close()
    return folder


# -- error sentences -----------------------------------------------------------------------


def test_every_error_sentence_has_its_swedish(swedish):
    for kind, english in error_text._SENTENCES.items():
        assert i18n._(english) != english, kind.__name__


async def test_the_unlock_screen_says_a_wrong_passphrase_in_swedish(existing):
    from tui.screens.unlock import UnlockScreen

    app = build_app(existing, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, UnlockScreen)
        await fill(pilot, "not the passphrase")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen._failures == 1, what="a failure")
        message = str(screen.query_one("#unlock-message", Static).render())
        assert "Den lösenfrasen öppnar inte journalen." in message


async def test_the_change_passphrase_dialog_speaks_swedish(existing):
    from tui.dialogs.change_passphrase import ChangePassphraseDialog
    from tui.screens.home import HomeScreen
    from tui.screens.settings import SettingsScreen
    from tui.screens.unlock import UnlockScreen

    app = build_app(existing, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("s")
        await wait_for_screen(pilot, SettingsScreen)
        await press_button(pilot, "#change-passphrase")
        dialog = await wait_for_screen(pilot, ChangePassphraseDialog)
        dialog.query_one("#current", Input).value = PASSPHRASE
        dialog.query_one("#new", Input).value = "short"
        dialog.query_one("#repeat", Input).value = "short"
        await press_button(pilot, "#change")
        message = str(dialog.query_one("#passphrase-message", Static).render())
        assert message == in_language("sv", lambda: sentence_for(e.WeakPassphrase("x")))
        assert message.startswith("Lösenfrasen är för kort")


CLI_ERRORS = [
    # (what is set up, the command, standard input)
    ("nothing", ["passwd", "--passphrase-stdin"], "x\ny\n"),
    ("journal", ["init", "--passphrase-stdin"], "a long enough passphrase\n"),
    ("journal", ["passwd", "--passphrase-stdin"], "wrong passphrase here\n"),
    ("nothing", ["init", "--passphrase-stdin"], "short\n"),
    ("nothing", ["init"], ""),
    ("journal", ["import", "--dry-run", "--passphrase-stdin", "/nowhere/klass.csv"], "x\n"),
    ("file", ["passwd", "--passphrase-stdin"], "x\ny\n"),
]


@pytest.mark.parametrize("setup, command, stdin", CLI_ERRORS, ids=lambda x: str(x)[:30])
def test_every_cli_error_is_swedish(tmp_path, cli, cli_sv, setup, command, stdin):
    home = tmp_path / "home"
    if setup == "journal":
        create_journal(JournalPaths(home), PASSPHRASE, params=FAST_KDF).journal.close()
        stdin = stdin.replace("x\n", f"{PASSPHRASE}\n")
    elif setup == "file":
        home.write_text("", encoding="utf-8")
    # cli_sv is the cli fixture made Swedish, so run the English one first by hand.
    english = _english_run(cli, home, command, stdin)
    swedish = cli(home, *command, stdin=stdin)
    assert swedish.returncode == english.returncode != 0
    assert swedish.stderr.count("\n") == 1 and swedish.stderr != english.stderr
    assert not set(english.stderr.split()) >= set(swedish.stderr.split())


def _english_run(cli, home, command, stdin):
    from unittest import mock

    with mock.patch("tui.__main__.set_language", lambda _language: i18n.set_language("en")):
        return cli(home, *command, stdin=stdin)


def test_an_os_error_from_the_cli_names_the_file_in_swedish(tmp_path, cli_sv):
    home = tmp_path / "home"
    create_journal(JournalPaths(home), PASSPHRASE, params=FAST_KDF).journal.close()
    missing = tmp_path / "Kim Fiktiv" / "klass.csv"
    result = cli_sv(
        home, "import", "--dry-run", "--passphrase-stdin", str(missing), stdin=f"{PASSPHRASE}\n"
    )
    assert result.returncode == 1
    assert result.stderr == "Saknad kunde inte använda filen klass.csv: den finns inte.\n"


# -- argparse --------------------------------------------------------------------------------


def test_help_is_swedish(tmp_path, cli_sv):
    result = cli_sv(tmp_path, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("användning: saknad [-h] [--version] KOMMANDO ...")
    assert "flaggor:" in result.stdout and "positionsargument:" in result.stdout
    assert "visa den här hjälptexten och avsluta" in result.stdout
    assert "show this help message" not in result.stdout and "options:" not in result.stdout


def test_subcommand_help_is_swedish(tmp_path, cli_sv):
    result = cli_sv(tmp_path, "import", "--help")
    assert result.stdout.startswith("användning: saknad import")
    assert "RUBRIK=FÄLT" in result.stdout and "FIL [FIL ...]" in result.stdout


@pytest.mark.parametrize(
    "args, wanted",
    [
        (["import"], "saknad import: fel: de här argumenten behövs: FIL\n"),
        (["bogus"], "saknad: fel: argumentet KOMMANDO: ogiltigt val: 'bogus'"),
        (["where", "--nope"], "saknad: fel: okända argument: --nope\n"),
    ],
)
def test_usage_errors_are_swedish(tmp_path, cli_sv, args, wanted):
    result = cli_sv(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("användning: saknad")
    assert wanted in result.stderr


def test_argparse_is_english_again_afterwards(tmp_path, cli_sv):
    cli_sv(tmp_path, "--help")
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_every_message_of_the_installed_argparse_is_in_the_catalog(swedish):
    """A newer Python may add a message: this test names it."""
    tree = ast.parse(inspect.getsource(argparse))
    singular, plural = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            literal = node.args and isinstance(node.args[0], ast.Constant)
            if node.func.id == "_" and literal:
                singular.add(node.args[0].value)  # type: ignore[attr-defined]
            elif node.func.id == "ngettext" and literal:
                plural.add((node.args[0].value, node.args[1].value))  # type: ignore[attr-defined]
    assert singular <= set(argparse_text.MESSAGES)
    for message in singular:
        assert argparse_text.translated(message) != message, message
    for one, many in plural:
        assert argparse_text.translated_plural(one, many, 2) != many, one


# -- the operating system's reasons ----------------------------------------------------------


@pytest.mark.parametrize("number", sorted(OS_REASONS), ids=lambda n: errno.errorcode[n])
def test_an_os_error_names_the_file_and_the_reason_in_swedish(swedish, number):
    error = OSError(number, os.strerror(number), "/home/kim.fiktiv/Elever/klass.csv")
    sentence = sentence_for(error)
    assert sentence.startswith("Saknad kunde inte använda filen klass.csv: ")
    assert "kim.fiktiv" not in sentence and "Elever" not in sentence
    assert os.strerror(number) not in sentence


def test_an_os_error_of_a_kind_without_a_sentence_gives_its_code(swedish):
    sentence = sentence_for(OSError(errno.EXDEV, os.strerror(errno.EXDEV), "/a/b/export.pdf"))
    assert (
        sentence == "Saknad kunde inte använda filen export.pdf: operativsystemet svarade EXDEV."
    )


def test_a_missing_file_reads_as_the_issue_asks(swedish):
    error = FileNotFoundError(errno.ENOENT, "No such file or directory", "/Users/kim/klass.csv")
    assert sentence_for(error) == "Saknad kunde inte använda filen klass.csv: den finns inte."


# -- a refused value: its field and reason by name -------------------------------------------

# The helpers of storage/values.py: which argument is the field, and the reason they give.
VALUE_HELPERS = {
    "required": (1, "empty"),
    "choice": (2, "unknown"),
    "date_range": (2, "ends_before_start"),
    "plain_text": (1, "control_character"),
    "phone_number": (1, "phone_format"),  # and control_character, as plain_text
    "email_address": (1, "email_format"),  # and control_character, as plain_text
}
STORAGE = Path(storage.__file__).parent


class _RefusalReader(ast.NodeVisitor):
    """Reads the fields and reasons of InvalidValue calls, with the loops around each call."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.loops: dict[str, list[str]] = {}  # loop variable -> the literals it runs over
        self.fields: set[str] = set()
        self.reasons: set[str] = set()
        self.unreadable: list[str] = []

    def visit_For(self, node: ast.For) -> None:
        literals = (
            [item.value for item in node.iter.elts if isinstance(item, ast.Constant)]
            if isinstance(node.iter, (ast.Tuple, ast.List))
            else []
        )
        if isinstance(node.target, ast.Name) and literals:
            outer = self.loops.get(node.target.id)
            self.loops[node.target.id] = literals
            self.generic_visit(node)
            if outer is None:
                del self.loops[node.target.id]
            else:
                self.loops[node.target.id] = outer
        else:
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        place = f"{self.file_name}:{node.lineno}"
        if name == "InvalidValue" and self.file_name not in ("errors.py", "values.py"):
            self._add(node.args[0], self.fields, place)
            self._add(node.args[1], self.reasons, place)
        elif name in VALUE_HELPERS and self.file_name != "values.py":
            position, reason = VALUE_HELPERS[name]
            if len(node.args) > position:  # not another function of that name
                self._add(node.args[position], self.fields, place)
                self.reasons.add(reason)
        self.generic_visit(node)

    def _add(self, node: ast.expr, found: set[str], place: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name) and node.id in self.loops:
            found.update(self.loops[node.id])
        else:
            self.unreadable.append(place)


def refused_values_in_storage() -> tuple[set[str], set[str], list[str]]:
    """Every field and reason an InvalidValue raised in storage/ can carry, read from the code.

    Returns:
        The fields, the reasons, and the places where one is not a literal (to be fixed).
    """
    fields, reasons, unreadable = set(), set(), []
    for path in sorted(STORAGE.rglob("*.py")):
        reader = _RefusalReader(path.name)
        reader.visit(ast.parse(path.read_text(encoding="utf-8")))
        fields |= reader.fields
        reasons |= reader.reasons
        unreadable += reader.unreadable
    return fields, reasons, unreadable


def test_every_refused_value_in_storage_has_a_name_and_a_reason():
    fields, reasons, unreadable = refused_values_in_storage()
    assert unreadable == []
    assert {"kind", "first_name", "channel", "security_marking"} <= fields  # the scan works
    assert {"unknown", "empty", "ends_before_start", "honour_related"} <= reasons
    assert fields <= set(FIELD_NAMES), fields - set(FIELD_NAMES)
    assert reasons <= set(REASONS), reasons - set(REASONS)


def test_the_journal_files_own_refusals_have_reasons():
    # storage/database_errors.py: SQLite's constraint kinds, lower case with underscores.
    assert {"unique", "check", "not_null", "foreign_key", "constraint"} <= set(REASONS)


def test_every_field_and_reason_is_swedish(swedish):
    for table in (FIELD_NAMES, REASONS):
        for code, english in table.items():
            assert i18n._(english) != english, code


def test_a_refused_value_reads_in_swedish_without_codes(swedish):
    sentence = sentence_for(e.InvalidValue("kind", "unknown"))
    assert sentence == (
        "Värdet godtas inte: typen har ett värde som Saknad inte känner till. Inget sparades."
    )
    sentence = sentence_for(e.InvalidValue("first_name", "empty"))
    assert sentence == "Värdet godtas inte: förnamnet måste fyllas i. Inget sparades."
    constraint = sentence_for(e.ConstraintViolated("pupil.identity_number", "unique"))
    assert "pupil." not in constraint and "unique" not in constraint


def test_the_facade_refuses_an_unknown_case_kind_in_swedish(new_journal, swedish):
    from datetime import date

    from storage.identity import fictitious_personnummer

    journal = new_journal.journal
    pupil = journal.add_pupil(fictitious_personnummer(date(2013, 3, 14), 1), "Alva", "Test")
    with pytest.raises(e.InvalidValue) as refused:
        journal.open_case(pupil, "misssing", date(2026, 11, 30))
    assert sentence_for(refused.value) == (
        "Värdet godtas inte: typen har ett värde som Saknad inte känner till. Inget sparades."
    )


# -- the command palette ---------------------------------------------------------------------


async def test_the_command_palette_speaks_swedish(existing):
    from textual.command import CommandInput, CommandList
    from textual.widgets._footer import FooterKey

    from tui.screens.home import HomeScreen
    from tui.screens.unlock import UnlockScreen

    app = build_app(existing, language="sv")
    async with app.run_test(size=(110, 32)) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await fill(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
        palette_key = app.screen.query_one("FooterKey.-command-palette", FooterKey)
        assert palette_key.description == "palett"
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: bool(app.screen.query(CommandInput)), what="palette")
        field = app.screen.query_one(CommandInput)
        assert field.placeholder == "Sök efter kommandon…"
        field.insert_text_at_cursor("qxqxqxqx")
        commands = app.screen.query_one(CommandList)

        def no_matches_shown() -> bool:
            return any(
                "Inga träffar" in str(getattr(option.prompt, "renderable", option.prompt))
                for option in commands.options
            )

        await wait_until(pilot, no_matches_shown, what="'Inga träffar'")


# -- placeholders ----------------------------------------------------------------------------


def test_date_and_number_placeholders_are_swedish(swedish):
    assert i18n._("YYYY-MM-DD") == "ÅÅÅÅ-MM-DD"
    assert i18n._("YYYYMMDD-NNNN") == "ÅÅÅÅMMDD-NNNN"
    assert i18n._("Write the date as YYYY-MM-DD, e.g. 2026-11-30.") == (
        "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."
    )


def test_every_placeholder_of_a_date_or_number_is_the_translated_one(swedish):
    """Every marked string that shows a date or number pattern has the Swedish letters."""
    from tui import catalog

    patterns = [m.id for m in catalog.extract() if isinstance(m.id, str) and "YYYY" in m.id]
    assert "YYYY-MM-DD" in patterns and "YYYYMMDD-NNNN" in patterns
    for message in patterns:
        translated = i18n._(message)
        assert "YYYY" not in translated and "ÅÅÅÅ" in translated, message


async def test_ctrl_c_says_how_to_quit_in_swedish(tmp_path):
    """Ctrl+C does not quit (Ctrl+Q does); Textual's English hint is replaced by ours."""
    from app_helpers import build_app

    app = build_app(tmp_path / "journal", language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        notes = [(n.title, n.message) for n in app._notifications]
    assert notes == [
        ("Vill du avsluta?", "Tryck Ctrl+Q för att avsluta Saknad; journalen låses först.")
    ]


def test_a_refused_checklist_file_names_its_line_in_swedish(swedish):
    sentence = sentence_for(e.TemplateInvalid("negative_day", 9, "due_day"))
    assert sentence == (
        "Skolans checklistfil godtas inte: rad 9: due_day är mindre än 0. Rätta filen, eller "
        "ta bort den för att använda den inbyggda checklistan. Inget sparades."
    )
    assert sentence_for(e.TemplateInvalid("not_toml", 5)) == (
        "Skolans checklistfil godtas inte: rad 5: den är inte en TOML-fil. Rätta filen, eller "
        "ta bort den för att använda den inbyggda checklistan. Inget sparades."
    )
