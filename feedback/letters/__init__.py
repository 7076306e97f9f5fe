"""A complaint's letters: their templates' placeholders, what each letter says (render), when it
may be produced (rules), and its PDF and Word files (output). Writes are in
feedback.services.letters."""

from feedback.letters.render import Letter, render_letter

__all__ = ["Letter", "render_letter"]
