"""Issue 9, point 4: text from a class list is never a terminal command.

A cell or header with a control character (ESC, C1, DEL, a bidirectional override or isolate,
an invisible direction mark) is rejected with its line and column; the zero-width joiners that
scripts need are kept; and `saknad import` prints no raw control character, whatever the file,
its name or the school's name holds.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from storage.identity import fictitious_personnummer
from storage.importing import parse_class_list
from storage.text import control_character, without_controls
from tui.import_text import describe

TODAY = date(2026, 9, 1)
A = fictitious_personnummer(date(2012, 5, 3), 0)
B = fictitious_personnummer(date(2013, 1, 9), 1)
HEADER = "Förnamn;Efternamn;Personnummer;Klass"
OSC_52 = "\x1b]52;c;SGVsbG8=\x07"  # writes "Hello" to the clipboard
PASSPHRASE = "a long enough passphrase"


def _parse(*rows: str, header: str = HEADER):
    text = "\r\n".join([header, *rows]) + "\r\n"
    return parse_class_list(text.encode("utf-8"), file_name="klass.csv", today=TODAY)


@pytest.mark.parametrize(
    "hostile",
    [
        OSC_52,
        "\x1b]8;;https://example.invalid\x07",  # OSC 8 hyperlink
        "\x1b]0;title\x07",  # window title
        "\x1b[2J",  # clear the screen
        "\x85",  # C1 next line (str.split would have made it a space)
        "\x9b2J",  # C1 CSI
        "\x7f",  # DEL
        "\x0b",  # vertical tab
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u200f",  # right-to-left mark
        "\u200b",  # zero-width space
    ],
)
def test_a_cell_with_a_control_character_is_rejected_with_its_line_and_column(hostile):
    parsed = _parse(f'"Ul{hostile}la";Ek;{A};7A', f"Bo;Ek;{B};7A")

    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "Förnamn", "control_character")
    ]
    assert [p.identity_number for p in parsed.pupils] == [B.replace("-", "")]
    assert describe(parsed.errors[0]).startswith("line 2, Förnamn: contains a control character")


def test_a_class_name_with_an_escape_is_rejected():
    parsed = _parse(f'Ulla;Ek;{A};"7A{OSC_52}"')
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, "Klass", "control_character")
    ]


def test_zero_width_joiners_tabs_and_line_breaks_in_a_cell_are_kept_or_spaced():
    parsed = _parse(f'"Ro\u200cya";"Mi\u200dr\tAli\nKhan";{A};7A')

    assert parsed.errors == []
    assert parsed.pupils[0].first_name == "Ro\u200cya"
    assert parsed.pupils[0].last_name == "Mi\u200dr Ali Khan"


def test_a_header_with_a_control_character_refuses_the_file_naming_the_column_number():
    parsed = _parse(f"Ulla;Ek;{A};7A", header=f"Förnamn;Efter{OSC_52}namn;Personnummer;Klass")

    assert [(e.line, e.code, e.column_number) for e in parsed.errors] == [
        (1, "control_character_in_header", 2)
    ]
    assert parsed.pupils == [] and parsed.headers == []
    assert "\x1b" not in describe(parsed.errors[0])
    assert "column 2 of the header" in describe(parsed.errors[0])


def test_an_ss12000_text_with_a_control_character_is_rejected_with_its_path():
    document = {
        "persons": [
            {"id": "p1", "givenName": "Ulla", "familyName": "Ek", "civicNo": {"value": A}},
            {"id": "p2", "givenName": f"Bo{OSC_52}", "familyName": "Ek", "civicNo": B},
        ]
    }
    parsed = parse_class_list(json.dumps(document).encode(), file_name="elever.json", today=TODAY)

    assert [(e.line, e.column, e.path, e.code) for e in parsed.errors] == [
        (2, "givenName", "persons[1].givenName", "control_character")
    ]


def test_without_controls_makes_every_control_visible_and_keeps_joiners():
    shown = without_controls(f"a{OSC_52}\x85\x7f\u202eb\u200dc\u200cd")

    assert shown == "a␛]52;c;SGVsbG8=␇\ufffd␡\ufffdb\u200dc\u200cd"
    assert control_character(shown) is None
    assert control_character("Ro\u200cya Mi\u200dr") is None


def _no_raw_controls(text: str) -> None:
    assert control_character(text.replace("\n", "")) is None, repr(text)


@pytest.fixture
def home(tmp_path, cli):
    home = tmp_path / "home"
    assert cli(home, "init", "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    return home


def test_the_cli_rejects_the_row_and_prints_no_control_character(home, tmp_path, cli):
    file = tmp_path / "klass.csv"
    file.write_text(f'{HEADER}\r\n"Ul{OSC_52}la";Ek;{A};"7A{OSC_52}"\r\n', encoding="utf-8")

    result = cli(
        home,
        "import",
        str(file),
        "--dry-run",
        "--school",
        f"Ek{OSC_52}backen",
        "--new-school",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )

    assert result.returncode == 1
    assert "line 2, Förnamn: contains a control character" in result.stdout
    assert "line 2, Klass: contains a control character" in result.stdout
    assert "School: Ek␛]52;c;SGVsbG8=␇backen (new)" in result.stdout
    _no_raw_controls(result.stdout)
    _no_raw_controls(result.stderr)


def test_the_cli_prints_file_names_and_headers_without_control_characters(home, tmp_path, cli):
    pupils = tmp_path / "elever.csv"
    pupils.write_text(f"{HEADER}\r\nUlla;Ek;{A};7A\r\n", encoding="utf-8")
    guardians = tmp_path / f"vh{OSC_52}.csv"
    guardians.write_text(
        f"student_socialnumber;firstname;lastname\r\n{B};Per;Ek\r\n", encoding="utf-8"
    )
    unknown = tmp_path / "okand.csv"
    unknown.write_text("Kolumn\u200dA;Kolumn B\r\nx;y\r\n", encoding="utf-8")

    two_files = cli(
        home,
        "import",
        str(pupils),
        str(guardians),
        "--dry-run",
        "--school",
        "Ekbacken",
        "--new-school",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    not_mapped = cli(home, "import", str(unknown), "--map", "X\x1b[2J=first_name")

    assert "vh␛]52;c;SGVsbG8=␇.csv: line 2" in two_files.stdout
    assert "X␛[2J" in not_mapped.stderr
    for result in (two_files, not_mapped):
        _no_raw_controls(result.stdout)
        _no_raw_controls(result.stderr)


async def test_the_import_preview_sends_no_escape_sequence_to_the_terminal(tmp_path):
    """Textual passes ESC in a Text through to the terminal: the preview neutralises it."""
    from app_helpers import FAST_KDF, build_app, open_import_screen, wait_until
    from textual.widgets import Input

    from storage.access import create_journal
    from storage.paths import JournalPaths

    journal = create_journal(
        JournalPaths(tmp_path / "journal"), "four calm words here", params=FAST_KDF
    ).journal
    journal.set_profile("Kim Fiktiv", "Skolkurator")
    school = journal.add_school("Påhittade skolan")
    # A name already in the journal (from before imports were checked) is shown when the
    # file names the pupil otherwise.
    journal.add_pupil(B, f"Ul{OSC_52}la", "Ek\x1b[2J", school_id=school)
    file = tmp_path / "klass.csv"
    file.write_text(f"{HEADER}\r\nBo;Ek;{B};7A\r\n", encoding="utf-8")
    app = build_app(tmp_path / "journal", journal=journal)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_import_screen(pilot)
        screen.query_one("#path", Input).value = str(file)
        screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.preview is not None, what="the preview")
        await pilot.pause()
        update = app.screen._compositor.render_update(full=True)
        terminal = update.render_segments(app.console)

    assert "Ul␛]52;c;SGVsbG8=␇la Ek␛[2J" in terminal
    assert "\x1b]" not in terminal and "\x1b[2J" not in terminal
    assert "␊" not in terminal  # the summary's own lines stay lines
