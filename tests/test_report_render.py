"""The report of concern as Markdown, JSON and PDF (tui.render), from reports built by hand.

Golden files (tests/golden/) hold the Markdown of tests/report_samples.sample_report() in
Swedish and English and its JSON. After a deliberate change to what a report says, rewrite
them with

    SAKNAD_UPDATE_GOLDEN=1 .venv/bin/pytest -q -p no:cacheprovider tests/test_report_render.py

then read the diff (git diff tests/golden) before committing: it is what social services get.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from report_samples import (
    CHILD_ADDRESS,
    GUARDIAN_ADDRESS,
    HOSTILE_LINE_START,
    HOSTILE_NAME,
    HOSTILE_NOTE,
    honour_report,
    hostile_report,
    protected_report,
    sample_report,
    year_report,
)

from tui.i18n import set_language
from tui.render import report_pdf
from tui.render.report_json import FORMAT, FORMAT_VERSION, render_json
from tui.render.report_markdown import render_markdown
from tui.render.report_pdf import render_pdf, render_png, report_inputs
from tui.render.report_words import report_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SAKNAD_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).parent.parent


def _golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {name}: run with SAKNAD_UPDATE_GOLDEN=1"
    assert actual.decode("utf-8") == path.read_text(encoding="utf-8")


@pytest.fixture(params=["sv", "en"])
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("sv")


@pytest.fixture
def swedish():
    set_language("sv")
    yield
    set_language("sv")


# -- golden files ----------------------------------------------------------------------------


def test_markdown_matches_its_golden_file(lang):
    _golden(f"report_of_concern.{lang}.md", render_markdown(sample_report()))


def test_json_matches_its_golden_file_in_every_language(lang):
    # JSON has no language: the same bytes whatever the reader's language is.
    _golden("report_of_concern.json", render_json(sample_report()))


# -- Markdown --------------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(line: str) -> str:
    """CommonMark's backslash escapes undone: what a reader sees of an escaped line."""
    return _ESCAPED.sub(r"\1", line)


def test_markdown_prints_markup_in_journal_text_as_written(swedish):
    lines = render_markdown(hostile_report()).decode("utf-8").splitlines()
    # Only the renderer's own headings start a line with "#": the hostile line is escaped.
    headings = [line for line in lines if line.startswith("#")]
    assert all(re.match(r"#{1,3} \S", line) for line in headings)
    assert not any(HOSTILE_LINE_START in line for line in headings)
    # Every character of markup is escaped: no raw *, [, <, `, $ or & is left in those lines.
    note_lines = HOSTILE_NOTE.splitlines()
    first = lines.index(
        next(line for line in lines if _unescape(line) == HOSTILE_LINE_START + "\\")
    )
    shown = [_unescape(line.rstrip("\\")) for line in lines[first : first + 3]]
    assert shown == [HOSTILE_LINE_START, *note_lines]
    for line in lines[first : first + 3]:
        assert not re.search(r"(?<!\\)[*\[\]<>`$&_]", line), line
    # Names are data too: the child's name, escaped, in the fields.
    name_line = next(line for line in lines if "Namn" in line)
    assert _unescape(name_line).endswith(HOSTILE_NAME)
    assert "*Alva*" not in name_line


def test_markdown_keeps_the_sections_in_the_order_of_the_domain(swedish):
    text = render_markdown(sample_report()).decode("utf-8")
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert titles == [
        "Barnet",
        "Syskon",
        "Vårdnadshavare",
        "Oron",
        "Var barnet är nu",
        "Vad skolan har gjort",
        "Vem som känner till anmälan",
        "Tidigare orosanmälningar",
        "Anmälaren",
    ]
    # Confidential and the time made (Swedish time: 13:05 UTC is 14:05 in winter) head it.
    assert text.startswith("**Sekretess \\(OSL\\)** · Upprättad 2026-03-02 14:05\n")


def test_markdown_groups_the_worry_by_who_saw_or_said_it(swedish):
    text = render_markdown(sample_report()).decode("utf-8")
    saw = text.index("### Vad anmälaren själv sett eller hört")
    others = text.index("### Vad andra har berättat")
    child = text.index("### Barnets egna ord")
    assert saw < text.index("Alva grät.") < others < text.index("Sa hejdå.") < child
    assert child < text.index("Jag vill inte åka.")


def test_honour_related_never_says_guardians_were_told(swedish):
    report = honour_report()
    assert report.guardians_informed is True  # the draft said so: the rule wins
    assert "Nej, hedersrelaterat" in render_markdown(report).decode("utf-8")
    assert json.loads(render_json(report))["guardians_informed"] is False
    assert "Nej, hedersrelaterat" in _pdf_text(render_pdf(report))


def test_siblings_each_say_whether_their_own_report_is_made(swedish):
    text = render_markdown(sample_report()).decode("utf-8")
    assert "Varje syskon behöver en egen orosanmälan." in text
    assert "**Egen orosanmälan:** Påbörjad, inte inlämnad" in text
    assert "**Egen orosanmälan:** Ingen ännu" in text


@pytest.mark.parametrize(("language", "words"), [("sv", "E-tjänst"), ("en", "E-service")])
def test_a_report_filed_digitally_went_through_the_e_service(language, words):
    """A report reaches social services through the municipality's e-service, never a
    school platform: the filing dialog, the report and the screen's items all say so."""
    from dataclasses import replace

    from storage.codes import ContactChannel
    from tui.code_words import channel_label, filing_channel_label
    from tui.dialogs.report_dialogs import FILING_CHANNELS
    from tui.report_item_words import report_items

    set_language(language)
    try:
        sample = sample_report()
        digital = replace(sample.earlier_reports[0], channel=ContactChannel.DIGITAL)
        report = replace(sample, earlier_reports=(digital,))
        text = render_markdown(report).decode("utf-8")
        assert f"**{'Hur' if language == 'sv' else 'How'}:** {words}" in text
        platform = channel_label(ContactChannel.DIGITAL)
        assert platform not in text
        (item,) = [i for i in report_items(report) if i.key == digital.key]
        assert item.words.startswith(f"{words}, ")
        assert words in [filing_channel_label(c) for c in FILING_CHANNELS]
        assert platform not in [filing_channel_label(c) for c in FILING_CHANNELS]
    finally:
        set_language("sv")


@pytest.mark.parametrize(
    ("language", "ages"), [("en", ["1 year", "2 years"]), ("sv", ["1 år", "2 år"])]
)
def test_a_siblings_age_on_the_report_screen_is_one_year_or_years(language, ages):
    from tui.report_item_words import report_items

    set_language(language)
    try:
        sample = sample_report()
        sibling = sample.siblings[0]
        report = replace(
            sample,
            siblings=(
                replace(sibling, key="sibling:1", age=1, school=""),
                replace(sibling, key="sibling:2", age=2, school=""),
            ),
        )
        words = [i.words for i in report_items(report) if i.key.startswith("sibling:")]
        assert words == [f"{sibling.name}, {age}" for age in ages]
    finally:
        set_language("sv")


# -- JSON ------------------------------------------------------------------------------------


def test_the_last_contact_is_utc_in_json_and_swedish_time_in_words(swedish):
    report = sample_report()  # last contact 2026-02-21 16:30 Swedish time (UTC+1)
    document = json.loads(render_json(report))
    assert document["whereabouts"]["last_contact"] == "2026-02-21T15:30:00+00:00"
    assert "**Senaste kontakt:** 2026-02-21 16:30" in render_markdown(report).decode("utf-8")
    unknown = replace(report, whereabouts=replace(report.whereabouts, last_contact=None))
    assert json.loads(render_json(unknown))["whereabouts"]["last_contact"] is None
    assert "**Senaste kontakt:** Okänt" in render_markdown(unknown).decode("utf-8")


def test_json_keeps_codes_dates_and_text_as_they_are():
    document = json.loads(render_json(hostile_report()))
    assert document["format"] == FORMAT and document["format_version"] == FORMAT_VERSION == 1
    assert document["made_at"] == "2026-03-02T13:05:00+00:00"
    assert document["child"]["name"] == HOSTILE_NAME
    assert document["child"]["birth_date"] == "2014-05-03"
    assert document["worry"]["text"] == HOSTILE_LINE_START + "\n" + HOSTILE_NOTE
    assert document["worry"]["others_said"][0]["text"] == HOSTILE_NOTE
    assert document["guardians"][0]["relation"] == "guardian"
    assert [action["kind"] for action in document["actions"]] == [
        "case_event",
        "contact",
        "step",
        "meeting",
    ]
    assert document["actions"][1]["code"] == "phone"
    assert document["actions"][1]["outcome"] == "no_answer"
    assert document["whereabouts"]["missing"] is True
    assert document["whereabouts"]["expected_return"] is None


# -- PDF -------------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes, password: str | None = None) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(_pdf_pages(pdf))


def _squeezed(text: str) -> str:
    # pypdf may break a line where Typst wrapped it, and may space a glyph run oddly.
    return re.sub(r"\s+", "", text)


def test_pdf_inputs_carry_every_word_of_the_report_and_its_language(lang):
    # The template reads the words from this JSON without a copy of them first (speed):
    # it must hold exactly what the report in words holds, nothing less, nothing else.
    for report in (sample_report(), hostile_report(), year_report(12, 5)):
        expected = {**dataclasses.asdict(report_text(report)), "lang": lang}
        assert report_inputs(report)["data"] == json.dumps(expected, ensure_ascii=False)


def test_pdf_inputs_refuse_what_is_not_the_reports_words(swedish):
    words = report_text(sample_report())
    stray = replace(words, title=object())  # a value json cannot write as text
    with pytest.raises(TypeError, match="not a part of the report's words: object"):
        json.dumps(stray, default=report_pdf._fields)


def test_pdf_has_every_section_and_prints_markup_as_written(swedish):
    pdf = render_pdf(hostile_report())
    text = _pdf_text(pdf)
    for title in ("Orosanmälan", "Barnet", "Syskon", "Vårdnadshavare", "Oron", "Anmälaren"):
        assert title in text
    # Typst received the note as data: the markup is printed, not obeyed (no file read in).
    for line in [HOSTILE_LINE_START, *HOSTILE_NOTE.splitlines()]:
        assert _squeezed(line) in _squeezed(text), line
    assert "root:" not in text
    assert _squeezed(HOSTILE_NAME) in _squeezed(text)


def test_every_pdf_page_says_confidential_made_at_and_its_number(swedish):
    pdf = render_pdf(year_report())
    pages = _pdf_pages(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Sekretess (OSL)" in page
        assert "Upprättad 2026-03-02 14:05" in page
        assert f"Sida {number} av {len(pages)}" in page


def test_pdf_speaks_english_when_asked():
    set_language("en")
    try:
        text = _pdf_text(render_pdf(sample_report()))
    finally:
        set_language("sv")
    assert "Confidential (OSL)" in text and "Page 1 of" in text and "The worry" in text


def test_pdf_declares_pdf_a_2b_and_carries_no_name_in_its_metadata(swedish):
    from pypdf import PdfReader

    pdf = render_pdf(sample_report())
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp), xmp
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp), xmp
    assert reader.metadata is not None and reader.metadata.title == "Orosanmälan"
    assert "Alva" not in xmp and "Exempel" not in xmp
    assert "Alva" not in str(dict(reader.metadata))


def test_the_pdf_font_is_the_shipped_one_with_swedish_letters(swedish):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(sample_report())))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts
    text = _pdf_text(render_pdf(sample_report()))
    assert "Vårdnadshavare" in text and "Lönngatan" in text
    assert "\u201cskulle resa bort länge\u201d \u2013 och" in text  # quotes and a dash


def test_password_locks_the_pdf_with_aes_256(swedish):
    from pypdf import PdfReader

    locked = render_pdf(sample_report(), password="rätt lösenord")
    reader = PdfReader(io.BytesIO(locked))
    assert reader.is_encrypted
    encryption = reader.trailer["/Encrypt"].get_object()
    assert encryption["/V"] == 5 and encryption["/R"] == 6  # AES-256 (PDF 2.0 / ISO 32000-2)
    assert b"Alva" not in locked and b"Exempel" not in locked
    assert not reader.decrypt("fel lösenord")
    assert "Alva Exempel" in "\n".join(_pdf_pages(locked, password="rätt lösenord"))


def test_png_of_a_page_for_screenshots(swedish):
    png = render_png(sample_report(), 1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(IndexError):
        render_png(sample_report(), 99)


# -- protected identity ----------------------------------------------------------------------


def _all_exports(report) -> dict[str, str]:
    return {
        "md": render_markdown(report).decode("utf-8"),
        "json": render_json(report).decode("utf-8"),
        "pdf": _pdf_text(render_pdf(report)),
    }


def test_no_address_anywhere_when_the_child_has_protected_identity(lang):
    assert CHILD_ADDRESS == GUARDIAN_ADDRESS  # one string to look for in every file
    ordinary = _all_exports(sample_report())
    protected = _all_exports(protected_report())
    for kind, text in ordinary.items():
        assert "Lönngatan" in text, kind  # so the check below can fail
    for kind, text in protected.items():
        assert "Lönngatan" not in text, kind
        assert "123 45" not in text, kind
        # Not even a word saying why there is no address.
        for word in ("protected", "skyddad", "Skyddad", "Protected", "Address", "Adress"):
            assert word not in text, (kind, word)
    assert json.loads(protected["json"])["child"]["address"] is None


def test_a_protected_report_even_when_the_contract_slips_prints_no_address(swedish):
    # The contract promises None; the renderers check protected_identity all the same.
    from dataclasses import replace

    report = sample_report()
    slipped = replace(report, child=replace(report.child, protected_identity=True))
    # The guardians' addresses go too: they most often live where the child lives.
    for text in _all_exports(slipped).values():
        assert "Lönngatan" not in text
    document = json.loads(render_json(slipped))
    assert document["child"]["address"] is None
    assert [guardian["address"] for guardian in document["guardians"]] == [None, None]


# -- no UI in rendering ------------------------------------------------------------------------


def test_rendering_never_imports_textual_or_rich():
    code = (
        "import sys\n"
        "import tui.render.report_markdown, tui.render.report_json, tui.render.report_pdf\n"
        "import tui.render.export_report, tui.render.report_words\n"
        "import tui.report_item_words, tui.code_words\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""


# -- Markdown escaping, line by line -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "# rubrik",
        "### tre",
        "> citat",
        "- lista",
        "+ lista",
        "* lista",
        "1. numrerad",
        "12) numrerad",
        "---",
        "===",
        "```python",
        "~~~",
        "    kodblock med fyra mellanslag",
        "<div>html</div>",
        "&amp; &#35;",
        "| tabell | rad |",
        "![bild](x.png)",
        "slutar med bakstreck \\",
        "$$ matte $$",
        "vanlig rad med 3.5 % och - bindestreck",
    ],
)
def test_a_line_of_journal_text_is_never_markdown_syntax(line):
    from tui.render.report_markdown import text_lines

    [escaped] = text_lines(line)
    # A reader of the rendered Markdown sees the line as written (less leading indentation,
    # which would turn it into a code block).
    assert _unescape(escaped) == line.lstrip()
    assert not re.match(r"\s*([#>+*=~`|<&!-]|\d+[.)])", escaped), escaped


def test_a_multi_line_note_keeps_its_lines_and_paragraphs():
    from tui.render.report_markdown import text_lines

    assert text_lines("rad ett\nrad två\n\nnytt stycke", indent="  ") == [
        "  rad ett\\",
        "  rad två",
        "",
        "  nytt stycke",
    ]


# -- Swedish time at both sides of the clock change ---------------------------------------------


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        ((2026, 3, 29, 0, 59), "2026-03-29 01:59"),  # the last minute of winter time (UTC+1)
        ((2026, 3, 29, 1, 0), "2026-03-29 03:00"),  # the first of summer time (UTC+2)
        ((2026, 10, 25, 0, 59), "2026-10-25 02:59"),  # the last minute of summer time
        ((2026, 10, 25, 1, 0), "2026-10-25 02:00"),  # winter time again
        ((2026, 12, 31, 23, 30), "2027-01-01 00:30"),  # a new year in Sweden, not yet in UTC
    ],
)
def test_times_are_shown_in_swedish_time(utc, shown):
    from datetime import UTC, datetime

    from tui.render.export_report import default_file_name
    from tui.render.report_words import local_time

    at = datetime(*utc, tzinfo=UTC)
    assert local_time(at) == shown
    from dataclasses import replace

    from storage.codes import ExportFormat

    name = default_file_name(replace(sample_report(), made_at=at), ExportFormat.PDF)
    assert name == f"orosanmalan-7-{shown[:10].replace('-', '')}-{shown[11:].replace(':', '')}.pdf"


def test_a_step_is_worded_once_and_a_siblings_step_names_the_sibling():
    """A built-in step reads in the reader's language (its template words are not repeated
    after it); a step about a sibling at another school names the sibling and the school;
    a school's own step reads in the school's own words."""
    from datetime import UTC, datetime

    from storage.report_data import ActionKind, ReportAction
    from tui.i18n import set_language
    from tui.render.report_words import action_line

    set_language("en")
    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def step(code: str, title: str, outcome: str = "done") -> str:
        return action_line(ReportAction(f"step:{code}", at, ActionKind.STEP, code, "", outcome,
                                        "", "Eva Prov", title=title))  # fmt: skip

    built_in = step("check_registration", "Kontrollera att det inte är en felregistrering")
    assert built_in == "Check it is not a registration error · done"
    sibling = step("contact_sibling_school/3", "Omar Exempel, Ekens friskola", "not_applicable")
    assert sibling == (
        "Contact the school of a sibling elsewhere (Omar Exempel, Ekens friskola) · not applicable"
    )
    assert step("vår_egen_rutin", "Ring skolsköterskan") == "Ring skolsköterskan · done"
