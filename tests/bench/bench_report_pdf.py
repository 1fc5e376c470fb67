"""Report-of-concern PDF benchmark: a year of history against a bare one-page Typst document.

Run from the project folder (not collected by pytest):

    .venv/bin/python tests/bench/bench_report_pdf.py              # 150 actions, 40 worry items
    .venv/bin/python tests/bench/bench_report_pdf.py --runs 21 --actions 300 --items 80

It measures in one run, interleaved (a warm-up, then the variants in rotating order; medians):

- report: `tui.render.report_pdf.render_pdf` of tests/report_samples.year_report(), all of
  it: the report in Swedish words, the JSON for `sys_inputs`, Typst typesetting the template
  with the shipped DejaVu Sans, PDF/A-2b;
- report, new text: the same with every note changed, so Typst can reuse no earlier layout
  (the first export in a session);
- report+password: the same, then AES-256 with pypdf (not PDF/A: the copy that travels);
- bare: `typst.compile` of a one-page document ("Hej", the same font folder, system fonts
  ignored, no PDF/A), the floor any Typst PDF pays in this process;
- text alone: every string of the report in words (new text, as "report, new text") as
  plain paragraphs, with no template at all (no header, footer, bold, grids or blocks), by
  a kept compiler with PDF/A-2b: what Typst needs for the text itself, the floor under
  "report, new text" that no template can go below;
- bare, fonts kept: the bare document by a kept compiler, fonts already read: how much of
  "bare" is reading the fonts;
- markdown and json of the same report, for scale.

The target is report <= 3x bare. Only timings, pages and sizes are printed (the data is
fictitious anyway).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from report_samples import year_report

from storage.report_data import ReportOfConcern
from tui.render.report_words import BlockKind, report_text

TARGET = 3.0
BARE = b'#set text(font: "DejaVu Sans")\nHej, en sida nummer '
# The report's page and text size, and nothing else: every string a paragraph of its own.
TEXT_ALONE = b"""#set text(font: "DejaVu Sans", size: 10pt, hyphenate: false)
#set page(paper: "a4", margin: (top: 2.4cm, bottom: 2.2cm, x: 2cm))
#for text in json(bytes(sys.inputs.data)) [#text\n\n]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--actions", type=int, default=150)
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args()

    import typst
    from pypdf import PdfReader

    from tui.i18n import set_language
    from tui.render.report_json import render_json
    from tui.render.report_markdown import render_markdown
    from tui.render.report_pdf import FONTS, PDF_STANDARD, render_pdf

    set_language("sv")
    report = year_report(args.actions, args.items)
    counter = itertools.count()

    def fresh() -> ReportOfConcern:
        # Typst memoises what it typeset before (comemo): a new report every time, as a new
        # export would be (made a minute later), or the timings measure a cache.
        return replace(report, made_at=report.made_at + timedelta(minutes=next(counter)))

    def all_new() -> ReportOfConcern:
        # Every text new as well: nothing of an earlier layout can be reused.
        n = next(counter)
        return replace(
            report,
            made_at=report.made_at + timedelta(minutes=n),
            worry_items=tuple(replace(i, text=f"{i.text} ({n})") for i in report.worry_items),
            actions=tuple(replace(a, detail=f"{a.detail} ({n})") for a in report.actions),
        )

    def bare() -> bytes:
        source = BARE + str(next(counter)).encode()
        return typst.compile(
            source, font_paths=[str(FONTS)], ignore_system_fonts=True, format="pdf"
        )

    kept = typst.Compiler(font_paths=[str(FONTS)], ignore_system_fonts=True)

    def text_alone() -> bytes:
        data = json.dumps(_strings(report_text(all_new())), ensure_ascii=False)
        pdf = kept.compile(
            input=TEXT_ALONE, format="pdf", sys_inputs={"data": data}, pdf_standards=PDF_STANDARD
        )
        assert isinstance(pdf, bytes)
        return pdf

    def bare_fonts_kept() -> bytes:
        pdf = kept.compile(input=BARE + str(next(counter)).encode(), format="pdf")
        assert isinstance(pdf, bytes)
        return pdf

    variants = {
        "report": lambda: render_pdf(fresh()),
        "report, new text": lambda: render_pdf(all_new()),
        "report+password": lambda: render_pdf(fresh(), password="ett lösenord"),
        "bare": bare,
        "text alone": text_alone,
        "bare, fonts kept": bare_fonts_kept,
        "markdown": lambda: render_markdown(fresh()),
        "json": lambda: render_json(fresh()),
    }
    names = list(variants)
    for name in names:  # warm-up: fonts parsed, template cached
        variants[name]()
    timings: dict[str, list[float]] = {name: [] for name in names}
    for run in range(args.runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        for name in order:
            started = time.perf_counter()
            variants[name]()
            timings[name].append(time.perf_counter() - started)

    pdf = render_pdf(report)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"report: {args.actions} actions, {args.items} worry items; {pages} pages, "
        f"{len(pdf) / 1000:.0f} kB; {args.runs} interleaved runs after a warm-up, medians"
    )
    floor = statistics.median(timings["bare"])
    print(f"{'variant':<17}{'median ms':>10}{'vs bare':>9}")
    for name in names:
        median = statistics.median(timings[name])
        print(f"{name:<17}{median * 1000:>10.1f}{median / floor:>8.2f}x")
    ratio = statistics.median(timings["report"]) / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"report / bare = {ratio:.2f}x: {verdict} the target <= {TARGET}x")
    pages_alone = len(PdfReader(io.BytesIO(text_alone())).pages)
    template = statistics.median(timings["report, new text"]) / statistics.median(
        timings["text alone"]
    )
    print(f"report, new text / text alone ({pages_alone} pages) = {template:.2f}x")


def _strings(words: object) -> list[str]:
    """Every string of the report in words (tui.render.report_words), in reading order."""
    if isinstance(words, BlockKind):
        return []  # the template's switch, never printed
    if isinstance(words, str):
        return [words] if words else []
    if isinstance(words, tuple):
        return [text for part in words for text in _strings(part)]
    return [text for value in vars(words).values() for text in _strings(value)]


if __name__ == "__main__":
    main()
