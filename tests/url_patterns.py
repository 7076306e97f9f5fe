"""Every URL pattern of the service, walked from Django's URL resolver, so a URL added anywhere
is found without anyone listing it."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route for a pattern without a name
    route: str  # the whole route from the root, as Django writes it

    @property
    def is_admin(self) -> bool:
        return self.route.startswith(ADMIN_PREFIX)

    def example_path(self) -> str:
        """A path that this pattern answers, with "1" (or a real app label) for each argument:
        enough for a page that refuses before it looks anything up."""
        path = self.route.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<app_label>[^)]*\)", "careprog", path)
        path = re.sub(r"\(\?P<url>[^)]*\)", "no-such-page/", path)
        return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", path)


def _walk(resolver: URLResolver, prefix: str, namespace: str | None):
    for entry in resolver.url_patterns:
        route = prefix + _route_text(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = route
            yield Pattern(name=name, route=route)


def _route_text(pattern) -> str:
    text = str(pattern)
    # A regex pattern inside a path keeps its own anchors; only the outermost would matter.
    return text.lstrip("^") if isinstance(pattern, RegexPattern) and text.startswith("^") else text


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver(), "", None))


def service_patterns() -> list[Pattern]:
    return [p for p in all_patterns() if not p.is_admin]


def admin_patterns() -> list[Pattern]:
    return [p for p in all_patterns() if p.is_admin]
