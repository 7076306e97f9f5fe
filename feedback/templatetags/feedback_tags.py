from django import template

from feedback.presenters import due_text, next_step, status_colour
from feedback.register_rows import register_rows

register = template.Library()


@register.simple_tag
def item_rows(items, now):
    """The register's rows (feedback.register_rows): the busiest page's hot loop, in Python."""
    return register_rows(items, now)


@register.filter
def status_tag_colour(status: str) -> str:
    return status_colour(status)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.simple_tag
def queue_due_text(item, now):
    return due_text(item, today=now.today, calendar=now.calendar)


@register.filter
def next_step_for(item) -> str:
    return next_step(item)
