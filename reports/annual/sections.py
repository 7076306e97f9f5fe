"""What the annual report says, section by section, worked out from its snapshot alone: the PDF
prints these sections and the CSV lists the same rows, so the two always agree."""

from dataclasses import dataclass, field
from datetime import date

from feedback.models.choices import Outcome, PhsoOutcome

NO_SUBJECT = "No subject recorded"
AWAITING_PHSO = "Not yet decided by the Ombudsman"
NO_OUTCOME = "No outcome recorded"
SURVEY_QUESTIONS = {
    "listened_to": "I was listened to",
    "kept_informed": "I was kept informed",
    "understood_outcome": "I understood the outcome",
}


def percent(part: int, whole: int) -> int:
    """A whole percentage that never reads as all or none when it is not: 199 of 200 is 99%,
    not 100%, and 1 of 300 is 1%, not 0%."""
    shown = round(100 * part / whole)
    if shown == 100 and part < whole:
        return 99
    if shown == 0 and part > 0:
        return 1
    return shown


def share_text(part: int, whole: int) -> str:
    """ "92% (46 of 50)": the number always beside the percentage."""
    if not whole:
        return "no data (none in the year)"
    return f"{percent(part, whole)}% ({part} of {whole})"


@dataclass(frozen=True)
class Row:
    figure: str
    text: str  # as printed in the PDF
    count: int | float | None = None
    of: int | None = None  # the whole a count is a share of
    share: int | float | None = None  # the percentage, or the average score

    @classmethod
    def number(cls, figure: str, count: int) -> "Row":
        return cls(figure, f"{count:,}", count)

    @classmethod
    def part(cls, figure: str, part: int, whole: int) -> "Row":
        share = percent(part, whole) if whole else None
        return cls(figure, share_text(part, whole), part, whole, share)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    explanation: str
    rows: list[Row] = field(default_factory=list)
    learning: list[dict] = field(default_factory=list)


def _by_count(counts: dict[str, int], blank: str) -> list[Row]:
    """Rows most first, then by name; the blank value last, under its own name."""
    named = sorted(((n, k) for k, n in counts.items() if k), key=lambda r: (-r[0], r[1]))
    rows = [Row.number(name, n) for n, name in named]
    if counts.get(""):
        rows.append(Row.number(blank, counts[""]))
    return rows


def _long(day: str) -> str:
    return f"{date.fromisoformat(day):%-d %B %Y}"


def sections(snapshot: dict) -> list[Section]:
    """The report's sections, in order, from the snapshot kept with it."""
    start, end = _long(snapshot["start"]), _long(snapshot["end"])
    received = snapshot["received"]
    outcomes = snapshot["outcomes"]
    answered = sum(outcomes.values())
    ombudsman = snapshot["ombudsman"]
    survey = snapshot["survey"]
    return [
        Section(
            "received",
            "Complaints received",
            f"The complaints the trust received from {start} to {end}, withdrawn complaints "
            "left out. Some were resolved early, at first contact, with the person's "
            "agreement; the rest were formal complaints, investigated and answered by a final "
            "response.",
            [
                Row.number("Complaints received", received["complaints"]),
                Row.part(
                    "Of which resolved early",
                    received["complaints_resolved_early"],
                    received["complaints"],
                ),
                Row.number("Formal complaints (not resolved early)", received["formal_complaints"]),
            ],
        ),
        Section(
            "early",
            "Concerns resolved early",
            "Complaints and PALS concerns received in the year that were put right at first "
            "contact, within a few working days, and closed with what was done and the "
            "learning from it. They are counted apart from formal complaints and are not in "
            "the KO41a return.",
            [
                Row.number("Complaints resolved early", received["complaints_resolved_early"]),
                Row.number("PALS concerns resolved early", received["pals_resolved_early"]),
                Row.number(
                    "All concerns resolved early",
                    received["complaints_resolved_early"] + received["pals_resolved_early"],
                ),
            ],
        ),
        Section(
            "outcomes",
            "Outcomes of formal complaints",
            "The formal complaints whose final response was sent in the year, by what the "
            "investigation found. A complaint counts in the year it was answered: one received "
            "last year and answered this year counts here.",
            [
                Row.number("Formal complaints answered", answered),
                *(
                    Row.part(outcome.label, outcomes.get(outcome.value, 0), answered)
                    for outcome in Outcome
                ),
                *([Row.part(NO_OUTCOME, outcomes[""], answered)] if outcomes.get("") else []),
            ],
        ),
        Section(
            "ombudsman",
            "Referred to the Ombudsman",
            "People who are not satisfied with the trust's final response may ask the "
            "Parliamentary and Health Service Ombudsman to look at their complaint. These are "
            "the complaints referred in the year, by what the Ombudsman has decided so far.",
            [
                Row.number("Complaints referred to the Ombudsman", sum(ombudsman.values())),
                *(
                    Row.number(outcome.label, ombudsman.get(outcome.value, 0))
                    for outcome in PhsoOutcome
                ),
                Row.number(AWAITING_PHSO, ombudsman.get("", 0)),
            ],
        ),
        Section(
            "timeliness",
            "Acknowledging, responding and keeping people informed",
            "Acknowledged within 3 working days: of the formal complaints whose acknowledgement "
            "fell due in the year, those acknowledged by that day. Responded to by the agreed "
            "date: of the final responses sent in the year, those sent on or before the date "
            "agreed with the person. Updates given as agreed: of the updates given in the year, "
            "those given by the date agreed in the person's handling plan.",
            [
                Row.part(
                    "Acknowledged within 3 working days",
                    snapshot["acknowledged"]["on_time"],
                    snapshot["acknowledged"]["due"],
                ),
                Row.part(
                    "Responded to by the agreed date",
                    snapshot["responded"]["on_time"],
                    snapshot["responded"]["sent"],
                ),
                Row.part(
                    "Updates given as agreed",
                    snapshot["updates"]["as_agreed"],
                    snapshot["updates"]["given"],
                ),
            ],
        ),
        Section(
            "subjects",
            "What people complained about",
            "The formal complaints received in the year by KO41a subject, most frequent first. "
            "A complaint about several subjects counts once under each, so these may add up to "
            "more than the complaints received.",
            _by_count(snapshot["subjects"], NO_SUBJECT),
        ),
        Section(
            "cscs",
            "Complaints by clinical service centre",
            "The formal complaints received in the year by the clinical service centre they "
            "were about.",
            _by_count(snapshot["cscs"], "No clinical service centre"),
        ),
        Section(
            "survey",
            "What people thought of how we handled their complaint",
            "After their complaint is closed, people are asked three questions from the "
            "Ombudsman's “My Expectations”, each scored from 1 (not at all) to 5 "
            "(completely). These are the average scores of the surveys received in the year.",
            [
                Row.number("Surveys received", survey["count"]),
                *(
                    Row(
                        question,
                        "no data (no surveys)"
                        if survey[theme] is None
                        else f"{survey[theme]:.1f} out of 5",
                        share=survey[theme],
                        of=survey["count"] or None,
                    )
                    for theme, question in SURVEY_QUESTIONS.items()
                ),
            ],
        ),
        Section(
            "learning",
            "Learning and changes made: you said, we did",
            "The learning actions from complaints and other feedback completed in the year, in "
            "the words of the teams that made them, with any personal details taken out.",
            learning=snapshot["learning"],
        ),
    ]
