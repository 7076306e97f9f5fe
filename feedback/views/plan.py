"""(Being built for the NHS Complaint Standards issue.)"""

urlpatterns: list = []


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names)."""
    return {}
