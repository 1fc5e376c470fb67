"""Renderers without Textual: what a journal export looks like as a file."""
