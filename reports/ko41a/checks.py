"""The checks NHS England applies before it accepts a KO41a return."""

from dataclasses import dataclass

from feedback.models.choices import AgeBand, ComplainantStatus
from reports.ko41a.counting import Ko41aReturn, Section, Summary


@dataclass(frozen=True)
class Problem:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def validate(ret: Ko41aReturn) -> list[Problem]:
    """The checks the collection applies before it accepts a return; none means it is ready."""
    problems = _missing_boxes(ret)
    summary = ret.counts.get(Section.SUMMARY, {})
    figures = {box: summary.get(box) for box in Summary}
    if all(_is_number(n) for n in figures.values()):
        problems += _summary_problems(figures)
        problems += _breakdown_problems(ret, figures[Summary.NEW])
    return problems


def _missing_boxes(ret: Ko41aReturn) -> list[Problem]:
    required = {
        Section.SUMMARY: list(Summary),
        Section.AGE: AgeBand.labels,
        Section.COMPLAINANT: ComplainantStatus.labels,
    }
    boxes = [(section, category) for section, names in required.items() for category in names]
    for section, figures in ret.counts.items():
        boxes += [
            (section, category) for category in figures if category not in required.get(section, [])
        ]
    return [
        Problem("box_empty", f"{section} / {category} holds no number (0 is allowed)")
        for section, category in boxes
        if not _is_number(ret.figure(section, category))
    ]


def _is_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _summary_problems(f: dict) -> list[Problem]:
    problems = []
    outcomes = f[Summary.UPHELD] + f[Summary.PARTIALLY_UPHELD] + f[Summary.NOT_UPHELD]
    if f[Summary.RESOLVED] != outcomes:
        problems.append(
            Problem(
                "resolved_equals_outcomes",
                f"resolved is {f[Summary.RESOLVED]} but upheld {f[Summary.UPHELD]} + partially "
                f"upheld {f[Summary.PARTIALLY_UPHELD]} + not upheld {f[Summary.NOT_UPHELD]} "
                f"= {outcomes}",
            )
        )
    expected = f[Summary.BROUGHT_FORWARD] + f[Summary.NEW] - f[Summary.RESOLVED]
    if f[Summary.CARRIED_FORWARD] != expected:
        problems.append(
            Problem(
                "carried_forward_balances",
                f"carried forward is {f[Summary.CARRIED_FORWARD]} but brought forward "
                f"{f[Summary.BROUGHT_FORWARD]} + new {f[Summary.NEW]} - resolved "
                f"{f[Summary.RESOLVED]} = {expected}",
            )
        )
    if f[Summary.CARRIED_FORWARD] < 0:
        problems.append(
            Problem(
                "carried_forward_not_negative",
                f"carried forward is {f[Summary.CARRIED_FORWARD]}, below 0",
            )
        )
    return problems


def _breakdown_problems(ret: Ko41aReturn, new: int) -> list[Problem]:
    problems = []
    for section, check in (
        (Section.AGE, "age_sums_to_new"),
        (Section.COMPLAINANT, "status_sums_to_new"),
    ):
        if ret.total(section) != new:
            problems.append(
                Problem(check, f"{section} sums to {ret.total(section)} but new is {new}")
            )
    for section, check in (
        (Section.SUBJECT, "subjects_at_least_new"),
        (Section.PROFESSION, "professions_at_least_new"),
    ):
        if ret.total(section) < new:
            problems.append(
                Problem(check, f"{section} sums to {ret.total(section)}, fewer than new ({new})")
            )
    return problems
