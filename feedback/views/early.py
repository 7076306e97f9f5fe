"""Early resolution on the item's page. Resolving is a process action (feedback.actions,
"resolve-early"), so it has no page of its own here."""

urlpatterns: list = []


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names)."""
    # Read from the item itself: no query, whatever the page shows.
    return {"resolved_early": item.resolved_early_on is not None}
