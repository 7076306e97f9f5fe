"""Reads of the experience surveys: how many were returned and how each theme scored."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet

from feedback.models import ExperienceSurvey

THEMES = [
    ("listened_to", "I was listened to"),
    ("kept_informed", "I was kept informed"),
    ("understood_outcome", "I understood the outcome"),
]
SCORES = range(1, 6)


@dataclass(frozen=True)
class ThemeResult:
    name: str
    label: str
    average: float | None  # None when no survey was returned: nothing to average
    counts: dict[int, int]  # how many answered 1, 2, 3, 4 and 5


@dataclass(frozen=True)
class SurveyResults:
    count: int
    themes: list[ThemeResult]


def survey_results(
    surveys: QuerySet | tuple[date, date] | None = None,
) -> SurveyResults:
    """Counts and averages of each theme, in one query, for a queryset of surveys, or for the
    surveys received in a period (first and last day, inclusive), or for all of them."""
    if surveys is None:
        surveys = ExperienceSurvey.objects.all()
    elif isinstance(surveys, tuple):
        start, end = surveys
        surveys = ExperienceSurvey.objects.received_between(start, end)
    aggregates = {"count": Count("pk")}
    for name, _label in THEMES:
        aggregates[f"{name}_average"] = Avg(name)
        for score in SCORES:
            aggregates[f"{name}_{score}"] = Count("pk", filter=Q(**{name: score}))
    row = surveys.order_by().aggregate(**aggregates)
    themes = [
        ThemeResult(
            name=name,
            label=label,
            average=round(row[f"{name}_average"], 1)
            if row[f"{name}_average"] is not None
            else None,
            counts={score: row[f"{name}_{score}"] for score in SCORES},
        )
        for name, label in THEMES
    ]
    return SurveyResults(count=row["count"], themes=themes)
