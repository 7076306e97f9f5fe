"""The board's measures, defined once: name, what it means in plain English, which way is better,
and how it is worked out from a month's counts (see reports.figures for the counts)."""

from collections.abc import Callable
from dataclasses import dataclass

UP, DOWN, NEUTRAL = "up", "down", "neutral"


def share(part: str, whole: str) -> Callable[[dict], float | None]:
    """A percentage of two counts; no data when there is nothing to take a share of."""

    def compute(counts: dict) -> float | None:
        total = counts.get(whole, 0)
        return round(100 * counts.get(part, 0) / total, 1) if total else None

    return compute


def count(name: str) -> Callable[[dict], float | None]:
    """A count; no data (not zero) for a month before its source holds any records."""
    return lambda counts: counts.get(name)


def ratio(top: str, bottom: str) -> Callable[[dict], float | None]:
    def compute(counts: dict) -> float | None:
        below = counts.get(bottom, 0)
        return round(counts.get(top, 0) / below, 2) if below else None

    return compute


def mean(total: str, number: str) -> Callable[[dict], float | None]:
    def compute(counts: dict) -> float | None:
        n = counts.get(number, 0)
        return round(counts.get(total, 0) / n, 1) if n else None

    return compute


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    definition: str
    improvement: str  # UP, DOWN or NEUTRAL: set for each measure, never assumed
    unit: str  # "number", "%", "working days", "per complaint" or "out of 5"
    compute: Callable[[dict], float | None]
    # Whether the measure has its own chart on the pack's key charts page.
    key_measure: bool = False

    @property
    def better_when(self) -> str:
        return {
            UP: "Higher",
            DOWN: "Lower",
            NEUTRAL: "Neither: a change is for the board to judge",
        }[self.improvement]

    def format(self, value: float | None) -> str:
        if value is None:
            return "no data"
        if self.unit == "%":
            return f"{value:.1f}%"
        if self.unit == "number":
            return f"{value:.0f}"
        return f"{value:g}"


MEASURES = [
    Measure(
        "complaints_received",
        "Complaints received",
        "Formal complaints received in the month.",
        NEUTRAL,
        "number",
        count("complaints"),
        key_measure=True,
    ),
    Measure(
        "acknowledged_on_time",
        "Acknowledged within 3 working days",
        "Of the complaints whose acknowledgement fell due in the month, the share acknowledged "
        "within 3 working days of receipt.",
        UP,
        "%",
        share("ack_on_time", "ack_due"),
        key_measure=True,
    ),
    Measure(
        "responded_on_time",
        "Responded to by the agreed date",
        "Of the responses sent in the month, the share sent on or before the date agreed with "
        "the complainant.",
        UP,
        "%",
        share("responses_on_time", "responses"),
        key_measure=True,
    ),
    Measure(
        "days_to_respond",
        "Mean working days to respond",
        "For the responses sent in the month, the mean number of working days from receipt.",
        DOWN,
        "working days",
        mean("response_days", "responses"),
        key_measure=True,
    ),
    Measure(
        "upheld_share",
        "Upheld or partially upheld",
        "Of the complaints answered in the month, the share upheld or partially upheld.",
        DOWN,
        "%",
        share("upheld", "responses"),
    ),
    Measure(
        "reopened",
        "Complaints reopened",
        "Complaints reopened in the month because the complainant was dissatisfied with the "
        "response.",
        DOWN,
        "number",
        count("reopened"),
    ),
    Measure(
        "phso_referrals",
        "Referrals to the Ombudsman",
        "Complaints referred to the Parliamentary and Health Service Ombudsman in the month.",
        DOWN,
        "number",
        count("phso"),
    ),
    Measure(
        "pals_contacts",
        "PALS contacts",
        "PALS contacts (concerns, enquiries, advice) received in the month.",
        NEUTRAL,
        "number",
        count("pals"),
        key_measure=True,
    ),
    Measure(
        "pals_escalated_share",
        "PALS contacts escalated to complaints",
        "Of the PALS contacts received in the month, the share escalated to a formal complaint.",
        DOWN,
        "%",
        share("pals_escalated", "pals"),
    ),
    Measure(
        "handling_rating",
        "Handling rated by complainants",
        "In the surveys received in the month from people whose complaint was closed, the "
        "average of their scores for being listened to, kept informed and understanding the "
        "outcome, from 1 (not at all) to 5 (completely).",
        UP,
        "out of 5",
        mean("survey_scores", "survey_answers"),
    ),
    Measure(
        "resolved_early",
        "Concerns resolved early",
        "Complaints and PALS concerns resolved early, at first contact, in the month: counted "
        "apart from the formal complaints answered by a final response.",
        UP,
        "number",
        count("resolved_early"),
    ),
    Measure(
        "compliments",
        "Compliments",
        "Compliments received in the month.",
        UP,
        "number",
        count("compliments"),
        key_measure=True,
    ),
    Measure(
        "compliments_per_complaint",
        "Compliments per complaint",
        "Compliments received in the month for each formal complaint received.",
        UP,
        "per complaint",
        ratio("compliments", "complaints"),
    ),
    Measure(
        "standards_met_share",
        "Standards at Compliance or better",
        "In the assessments of the period the month falls in, the share of the 45 customer care "
        "standards rated Compliance or better (ratings carried forward count once confirmed).",
        UP,
        "%",
        share("standards_met", "standards"),
        key_measure=True,
    ),
    Measure(
        "thank_yous",
        "Thank-yous",
        "Thank-yous from staff to colleagues and teams in the month (hidden ones left out).",
        UP,
        "number",
        count("thank_yous"),
    ),
    Measure(
        "awards",
        "Awards",
        "Award winners announced in the month.",
        UP,
        "number",
        count("awards"),
    ),
]
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
