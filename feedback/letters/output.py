"""One Letter, two files: a PDF (WeasyPrint) kept in the case's documents, and a Word document
(python-docx) the team can polish. The trust's letterhead is fixed here and in the templates."""

import io

from django.conf import settings
from django.template.loader import render_to_string

from feedback.letters.render import Letter, long_date

FONT = "Arial"
# Points: large print is at least 16pt (RNIB's clear print guidance); the ordinary size is 11pt.
BODY_SIZE = 11
LARGE_PRINT_SIZE = 16
# The Word paragraph style of everything around the body (address, date, subject, signature):
# reading a polished version back takes only the body, whatever the team typed into it.
FRAME_STYLE = "Letter frame"
SIGNATURE_STYLE = "Letter signature"


def font_size(letter: Letter) -> int:
    return LARGE_PRINT_SIZE if letter.large_print else BODY_SIZE


def trust_address() -> list[str]:
    text = render_to_string("feedback/letters/trust_address.txt")
    return [line.strip() for line in text.splitlines() if line.strip()]


def letter_html(letter: Letter) -> str:
    return render_to_string(
        "feedback/letters/letter.html",
        {
            "letter": letter,
            "font_size": font_size(letter),
            "trust_name": settings.TRUST_NAME,
            "trust_address": trust_address(),
            "dated": long_date(letter.dated),
        },
    )


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a second at start-up

    return HTML(string=letter_html(letter)).write_pdf()


def _styles(document, size: int):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.paragraph_format.space_after = Pt(size * 0.8)
    for name in (FRAME_STYLE, SIGNATURE_STYLE):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        # Pressing Enter after a frame line starts an ordinary body paragraph.
        style.next_paragraph_style = normal
        style.paragraph_format.space_after = Pt(0)


def _add(container, text: str, style: str | None = None, *, bold: bool = False):
    """A paragraph whose line breaks stay line breaks (not new paragraphs)."""
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run()
    run.bold = bold
    for number, line in enumerate(text.split("\n")):
        if number:
            run.add_break()
        run.add_text(line)
    return paragraph


def _letterhead(document, letter: Letter) -> None:
    header = document.sections[0].header
    first = header.paragraphs[0]
    first.add_run(settings.TRUST_NAME).bold = True
    for line in trust_address():
        header.add_paragraph(line)


def letter_docx(letter: Letter) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    _styles(document, font_size(letter))
    _letterhead(document, letter)
    for line in letter.address_block:
        _add(document, line, FRAME_STYLE)
    _add(document, "", FRAME_STYLE)
    _add(document, long_date(letter.dated), FRAME_STYLE)
    _add(document, f"Our reference: {letter.reference}", FRAME_STYLE)
    if letter.adjustments:
        _add(document, f"Agreed adjustments: {letter.adjustments}", FRAME_STYLE)
    _add(document, "", FRAME_STYLE)
    subject = _add(document, letter.subject, FRAME_STYLE, bold=True)
    subject.paragraph_format.space_after = Pt(font_size(letter))
    for paragraph in letter.paragraphs:
        _add(document, paragraph)
    _add(document, "Yours sincerely", SIGNATURE_STYLE)
    _add(document, "", SIGNATURE_STYLE)
    _add(document, letter.signatory, SIGNATURE_STYLE, bold=True)
    if letter.signatory_title:
        _add(document, letter.signatory_title, SIGNATURE_STYLE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def polished_paragraphs(handle) -> list[str]:
    """The body of a Word version the team polished: every paragraph with text that is not part
    of the letter's frame (address, date, subject, signature), in order."""
    import docx

    document = docx.Document(handle)
    frame = {FRAME_STYLE, SIGNATURE_STYLE}
    return [
        paragraph.text.strip()
        for paragraph in document.paragraphs
        if paragraph.text.strip() and paragraph.style.name not in frame
    ]
