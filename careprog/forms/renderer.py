"""The form renderer: Django's, except that select boxes are written in Python.

Django renders a select by including a template for each of its options. The register's
filter form has long lists (45 care standards, every KO41a subject, the CSCs), so its options
cost a third of the whole page's time. Here the same markup is built directly, with the same
escaping; every other widget is rendered by its template as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict):
    """As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _option(option: dict):
    # The newline after each option is the one at the end of Django's option template.
    return format_html(
        '\n  <option value="{}"{}>{}</option>\n',
        option["value"],
        _attrs(option["attrs"]),
        option["label"],
    )


def render_select(widget: dict) -> str:
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, group_choices, _index in widget["optgroups"]:
        if any(option["template_name"] != OPTION_TEMPLATE for option in group_choices):
            return None  # a widget with its own option template: leave it to the templates
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(_option(option) for option in group_choices)
        if group_name:
            parts.append(mark_safe("\n  </optgroup>"))
    parts.append(mark_safe("\n</select>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            rendered = render_select(context["widget"])
            if rendered is not None:
                return rendered
        return super().render(template_name, context, request)
