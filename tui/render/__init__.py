"""Rendering a report of concern as Markdown, JSON and PDF (Typst), with no Textual.

The renderers take a storage.report_data.ReportOfConcern and return bytes; the export act
(tui.render.export_report) writes them and records the export. A dialog only collects the
options; nothing here draws on a screen (a test proves this package never imports Textual).
"""
