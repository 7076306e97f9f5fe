from django import template

from standards.presenters import change_since, rating_colour, share_band

register = template.Library()

register.filter("rating_colour", rating_colour)
register.filter("share_band", share_band)


@register.simple_tag
def change_words(cell, previous_period):
    return change_since(cell.change, previous_period.label)


@register.filter
def percent_of(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
