"""A report of concern as PDF/A-2b, typeset by Typst, optionally locked with a password.

The template (templates/report_of_concern.typ) is compiled with the report in words
(tui.render.report_words) passed as JSON through `sys_inputs`: what a counsellor or an import
wrote reaches Typst as data and is placed as text, never read as markup. The labels travel in
the same JSON, so the template has no language of its own. The font is DejaVu Sans, shipped
in fonts/ with its licence; system fonts are ignored, so every machine typesets alike.

Every page carries "Confidential (OSL)", the date and time the report was made (Swedish
time) and "Page n of m". The document's title is the word for the report only, never a name
(a viewer shows it in its title bar).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from storage.report_data import ReportOfConcern
from tui.i18n import language
from tui.render.report_words import report_text

if TYPE_CHECKING:
    import typst

RENDER_FOLDER = Path(__file__).parent
TEMPLATE = RENDER_FOLDER / "templates" / "report_of_concern.typ"
FONTS = RENDER_FOLDER / "fonts"
PDF_STANDARD: Final = "a-2b"  # PDF/A-2b: the archival format for an official document


def report_inputs(report: ReportOfConcern) -> dict[str, str]:
    """The template's `sys.inputs`: the report in words, as JSON, in the active language."""
    document = {**_fields(report_text(report)), "lang": language()}
    return {"data": json.dumps(document, ensure_ascii=False, default=_fields)}


def _fields(words: object) -> dict[str, Any]:
    """A dataclass of the report's words as json reads it: its own fields, not a copy.

    dataclasses.asdict would first copy the whole report (~0.5 ms for a year's report) only
    for json to read the copy once. Anything else is refused, as json itself would.
    """
    if dataclasses.is_dataclass(words) and not isinstance(words, type):
        return vars(words)
    raise TypeError(f"not a part of the report's words: {type(words).__name__}")


def render_pdf(report: ReportOfConcern, *, password: str | None = None) -> bytes:
    """The report as PDF bytes: PDF/A-2b without a password, AES-256 encrypted with one.

    A password and PDF/A cannot go together: PDF/A forbids encryption, so a locked copy (for
    a report that must travel) is an ordinary PDF and the archival copy is the unlocked one.

    Args:
        report: The report, as storage.report_of_concern read it.
        password: Opens the file; None or "" for the PDF/A copy without one.

    Raises:
        typst.TypstError: the template could not be typeset (a bug, never the report's text).
    """
    pdf = _compile_pdf(report)
    if password:
        pdf = encrypt(pdf, password)
    return pdf


def render_png(report: ReportOfConcern, page: int = 1, *, ppi: float = 110) -> bytes:
    """One page of the report as PNG (for screenshots); `page` counts from 1.

    Raises:
        IndexError: the report has fewer pages.
    """
    images = _compile_png(report, ppi)
    if not 1 <= page <= len(images):
        raise IndexError(f"page {page} of {len(images)}")
    return images[page - 1]


def encrypt(pdf: bytes, password: str) -> bytes:
    """`pdf` locked with AES-256: it opens only with `password` (pypdf, via cryptography)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _compile_pdf(report: ReportOfConcern) -> bytes:
    with _COMPILER_LOCK:
        result = _compiler().compile(
            format="pdf",
            sys_inputs=report_inputs(report),
            pdf_standards=PDF_STANDARD,
            # The file's creation date is when the report was made, so the same report
            # gives the same bytes (a hash recorded once matches a file typeset again).
            timestamp=report.made_at,
        )
    assert isinstance(result, bytes)  # a PDF is one file, whatever its pages
    return result


def _compile_png(report: ReportOfConcern, ppi: float) -> list[bytes]:
    with _COMPILER_LOCK:
        pages = _compiler().compile(format="png", ppi=ppi, sys_inputs=report_inputs(report))
    # typst gives bytes for a one-page document and a list of pages otherwise.
    if isinstance(pages, list):
        return pages
    assert pages is not None
    return [pages]


# One compiler per process: it has read the template and the fonts once (~10 ms saved on
# every report after the first). Typst's compiler is not to be shared between threads at
# once, and an export runs in a worker thread: one compile at a time.
_COMPILER_LOCK = threading.Lock()


@functools.cache
def _compiler() -> typst.Compiler:
    import typst

    return typst.Compiler(str(TEMPLATE), font_paths=[str(FONTS)], ignore_system_fonts=True)
