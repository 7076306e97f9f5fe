from django import template

from feedback.presenters import due_text, flags_for, next_step, status_colour

register = template.Library()


@register.simple_tag
def item_flags(item, now):
    return flags_for(item, today=now.today, horizon=now.horizon)


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
