"""A report of concern as Markdown (CommonMark), in the active language.

Text from the journal is data: every character Markdown or HTML would read as syntax is
escaped, so a note reading `*bold*`, `[x](y)`, `<script>` or `# heading` prints as written.
Lines of a note keep their breaks (a backslash hard break), blank lines their paragraphs.
The confidentiality line and the date and time made head the file and close it.
"""

from __future__ import annotations

import re

from storage.report_data import ReportOfConcern
from tui.render.report_words import Block, BlockKind, ReportText, Section, report_text

# Inline syntax anywhere in a line: emphasis, code, links and images, raw HTML, entities,
# tables, strikethrough, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!{}()$])")
# Block syntax at the start of a line: headings, quotes, lists, rules, setext underlines
# (fenced code, "```" and "~~~", is caught above).
_LINE_START = re.compile(r"^([#>+\-=:])")
# A numbered list ("1." ; "1)" is caught above): CommonMark escapes the dot, not the digit.
_NUMBERED = re.compile(r"^(\d+)\.")


def escape(text: str) -> str:
    """`text` as literal Markdown, one line (a line break becomes a space)."""
    return _escape_line(" ".join(text.splitlines()))


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    # Four leading spaces would make a code block: keep the words, not the indentation.
    line = line.lstrip(" \t")
    line = _NUMBERED.sub(r"\1\\.", line, count=1)
    return _LINE_START.sub(r"\\\1", line, count=1)


def text_lines(text: str, indent: str = "") -> list[str]:
    """A journal text as Markdown lines: breaks kept, paragraphs kept, nothing read as syntax."""
    lines: list[str] = []
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        rows = [_escape_line(row) for row in paragraph.split("\n")]
        rows = [row for row in rows if row] or [""]
        lines += [indent + row + "\\" for row in rows[:-1]] + [indent + rows[-1]]
    return lines


def render_markdown(report: ReportOfConcern) -> bytes:
    """The report as UTF-8 Markdown, ending with a newline."""
    return ("\n".join(markdown_lines(report_text(report))) + "\n").encode("utf-8")


def markdown_lines(words: ReportText) -> list[str]:
    stamp = f"**{escape(words.confidential)}**{' · '}{escape(words.made)}"
    lines = [stamp, "", f"# {escape(words.title)}"]
    for section in words.sections:
        lines += ["", *_section_lines(section)]
    lines += ["", "---", "", stamp]
    return lines


def _section_lines(section: Section) -> list[str]:
    lines = [f"## {escape(section.title)}"]
    for block in section.blocks:
        lines += ["", *_block_lines(block)]
    return lines


def _block_lines(block: Block) -> list[str]:
    lines = [f"### {escape(block.title)}", ""] if block.title else []
    match block.kind:
        case BlockKind.FIELDS:
            lines += [f"- **{escape(f.label)}:** {escape(f.value)}" for f in block.fields]
        case BlockKind.TEXT:
            lines += text_lines(block.text)
        case BlockKind.ENTRIES:
            if not block.entries:
                lines.append(escape(block.empty))
            for entry in block.entries:
                lines.append(f"- **{escape(entry.meta)}**")
                if entry.text.strip():
                    lines += ["", *text_lines(entry.text, indent="  ")]
    return lines
