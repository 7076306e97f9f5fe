"""The register's rows as HTML, written here rather than in a template: the register is the
page PALS officers open most, and its 50 rows cost ~20 ms through the template engine (a
variable lookup, filter or tag per cell, 25 a row) and ~2 ms here (ADR 0017). The markup is
the NHS.UK responsive table row that feedback/includes/item_table.html frames: change the two
together. Every value goes through format_html, which escapes it."""

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from feedback.models.choices import Status
from feedback.presenters import flags_for, status_colour

SLUG = "REFERENCE-SLUG"  # stands in for each item's reference in the one reversed URL

# The content is wrapped in one span: on a phone the responsive table lays a cell's children
# side by side (flex), and a reference, its kind and a tag would otherwise squeeze into a row.
CELL = (
    '<td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading"'
    ' aria-hidden="true">{} </span><span>{}</span></td>'
)
SMALL = '<br><span class="nhsuk-body-s">{}</span>'
TAG = '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>'


def day(value) -> str:
    return format_date(value, "j M Y") if value else ""


def cell(heading: str, content) -> SafeString:
    return format_html(CELL, heading, content)


def register_row(item, now, detail_url: str) -> SafeString:
    subjects = ", ".join(subject.name for subject in item.subjects.all())
    reference = format_html(
        '<a href="{}">{}</a>' + SMALL,
        detail_url.replace(SLUG, item.reference_slug),
        item.reference,
        item.get_kind_display(),
    )
    summary = format_html("{}" + (SMALL if subjects else "{}"), item.summary, subjects)
    department = item.department.name if item.department_id else ""
    csc = format_html("{}" + (SMALL if department else "{}"), item.csc.name, department)
    deadline = ""
    if item.is_open_complaint:
        deadline = format_html(
            SMALL,
            f"Acknowledge by {day(item.acknowledge_by)}"
            if item.status == Status.RECEIVED
            else f"Respond by {day(item.respond_by)}",
        )
    flags = flags_for(item, today=now.today, horizon=now.horizon)
    tags = format_html_join("", "<br>" + TAG, ((flag.colour, flag.text) for flag in flags))
    status = format_html(
        TAG + "{}{}", status_colour(item.status), item.get_status_display(), deadline, tags
    )
    return format_html(
        '<tr class="nhsuk-table__row" role="row">{}{}{}{}{}</tr>',
        cell("Reference", reference),
        cell("Received", day(item.received_on)),
        cell("Summary", summary),
        cell("CSC", csc),
        cell("Status", status),
    )


def register_rows(items, now) -> SafeString:
    detail_url = reverse("feedback:detail", args=[SLUG])
    return mark_safe("\n".join(register_row(item, now, detail_url) for item in items))  # noqa: S308 - each row is built by format_html
