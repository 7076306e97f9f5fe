from django import template

from feedback.presenters import flags_for, status_colour

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
