"""Making Data Count icons in templates: ``{{ view.variation|mdc_icon }}``."""

from django import template

from reports.charts import icon_svg

register = template.Library()


@register.filter
def mdc_icon(icon, size=26):
    return icon_svg(icon, int(size))


@register.filter
def signed(number):
    """A change with its sign, to one decimal place: +2, -1.5 (a true minus sign), 0."""
    if number is None:
        return "no data"
    number = round(float(number), 1)
    text = f"{abs(number):g}"
    return f"+{text}" if number > 0 else f"\u2212{text}" if number < 0 else "0"
