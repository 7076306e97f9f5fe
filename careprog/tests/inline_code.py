"""Finds what the content security policy would refuse in a page: inline scripts, event handler
attributes, style attributes and <style> elements (docs/adr/0019)."""

from html.parser import HTMLParser

# Types a browser does not run, so the policy leaves them alone (data for scripts to read).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open_script: str | None = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            # hx-on:click and its shorthand hx-on::after-request run script as htmx evaluates them.
            if name.startswith("on") or name.startswith("hx-on") or name == "style":
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        is_data = (names.get("type") or "").lower() in DATA_SCRIPT_TYPES
        if tag == "script" and "src" not in names and not is_data:
            self._open_script = ""

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open_script is not None:
            if self._open_script.strip():
                self.found.append(f"inline <script>: {self._open_script.strip()[:60]!r}")
            self._open_script = None


def inline_code(html: str) -> list[str]:
    """Each piece of inline script or style in ``html``, described; empty when there is none."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
