"""How the standards pages show ratings and matrix cells: NHS.UK tag colours with words beside
them, so colour is never the only message. No queries here."""

from dataclasses import dataclass

from standards.models import Rating

RATING_COLOURS = {
    Rating.COMPLIANCE_PLUS: "green",
    Rating.COMPLIANCE: "aqua-green",
    Rating.PARTIAL: "yellow",
    Rating.NON_COMPLIANCE: "red",
    Rating.NOT_ASSESSED: "grey",
}

# Share of standards at Compliance or better: the lowest share of each band, best first.
SHARE_BANDS = [
    (90, "green", "90% or more"),
    (70, "aqua-green", "70% to 89%"),
    (50, "yellow", "50% to 69%"),
    (0, "red", "under 50%"),
]


def rating_colour(rating: str) -> str:
    return RATING_COLOURS.get(rating, "grey")


@dataclass(frozen=True)
class ShareBand:
    colour: str
    label: str


def share_band(share: int | None) -> ShareBand:
    if share is None:
        return ShareBand("white", "not assessed")
    for lowest, colour, label in SHARE_BANDS:
        if share >= lowest:
            return ShareBand(colour, label)
    return ShareBand("red", SHARE_BANDS[-1][2])


@dataclass(frozen=True)
class Change:
    arrow: str
    words: str


def change_since(change: int | None, previous_label: str) -> Change | None:
    """An arrow and the words a screen reader says, e.g. "up 12 points since Q2 2026/27"."""
    if change is None:
        return None
    if change > 0:
        return Change("▲", f"up {change} points since {previous_label}")
    if change < 0:
        return Change("▼", f"down {-change} points since {previous_label}")
    return Change("=", f"no change since {previous_label}")
