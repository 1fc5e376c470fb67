"""Rendering what leaves the journal as files, with no Textual: a report of concern as
Markdown, JSON and PDF (Typst), the action plan's statistics as Markdown and CSV.

The renderers take plain data from storage and return bytes; the export acts
(tui.render.export_report, tui.statistics_export) write them and record the export. A dialog
only collects the options; nothing here draws on a screen (a test proves this package never
imports Textual).
"""
