"""Reads of the standards checklists. Every list a user sees starts from visible_to(user).

Assessments, their lines, evidence and actions hold no patient-identifiable data, so board
members read them across the trust (``non_identifiable=True``); CSC managers see their own CSCs.
"""

from datetime import date

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from careprog.models.base import NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs
from standards.models.choices import BELOW_RATINGS, MET_RATINGS, AssessmentStatus, Rating

# Met this period: at Compliance or better, and judged now (a rating carried forward and not yet
# confirmed is last period's judgement).
MET = Q(rating__in=MET_RATINGS, needs_review=False)


def count_of(queryset, field: str):
    """A correlated COUNT of ``queryset`` rows whose ``field`` is the outer row, or 0."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


class AssessmentQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="csc", non_identifiable=True)

    def with_people(self):
        return self.select_related("csc", "signed_off_by", "carried_from")

    def for_period(self, start: date):
        return self.filter(period_start=start)

    def for_csc(self, csc):
        return self.filter(csc=csc)

    def in_progress(self):
        return self.filter(status=AssessmentStatus.IN_PROGRESS)

    def signed_off(self):
        return self.filter(status=AssessmentStatus.SIGNED_OFF)

    def latest_per_csc(self):
        """Each CSC's most recent assessment: the one whose reviews and actions are live."""
        later = self.model.objects.filter(
            csc=OuterRef("csc"), period_start__gt=OuterRef("period_start")
        )
        return self.filter(~Exists(later))

    def before(self, start: date):
        return self.filter(period_start__lt=start).order_by("-period_start")


class AssessmentLineQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="assessment__csc", non_identifiable=True)

    def for_checklist(self):
        """What a checklist row shows, with its counts, in one query however many rows."""
        from standards.models import Evidence, ImprovementAction

        open_actions = ImprovementAction.objects.open()
        return self.select_related("owner", "standard").annotate(
            evidence_count=count_of(Evidence.objects.current(), "line"),
            open_action_count=count_of(open_actions, "line"),
            next_action_due=Subquery(
                open_actions.filter(line=OuterRef("pk"))
                .order_by()
                .values("line")
                .annotate(first=Min("due_on"))
                .values("first")
            ),
        )

    def counted(self):
        """Lines that count: not those of a standard retired while the assessment was open."""
        return self.filter(retired=False)

    def of_criterion(self, number: int):
        return self.filter(criterion_number=number)

    def unrated(self):
        return self.filter(rating=Rating.NOT_ASSESSED)

    def to_review(self):
        return self.filter(needs_review=True)

    def met(self):
        return self.filter(rating__in=MET_RATINGS)

    def below(self):
        return self.filter(rating__in=BELOW_RATINGS)

    def without_open_action(self):
        from standards.models import ImprovementAction

        return self.exclude(Exists(ImprovementAction.objects.open().filter(line=OuterRef("pk"))))

    def in_latest_assessments(self):
        from standards.models import Assessment

        return self.filter(assessment__in=Assessment.objects.latest_per_csc())

    def review_overdue(self, today: date):
        """Lines of each CSC's latest assessment whose review date has passed (today is not
        overdue)."""
        return self.in_latest_assessments().filter(review_on__lt=today)

    def progress_totals(self, *also):
        """Lines, lines rated (and confirmed) and lines met, per assessment: one query. ``also``
        names more fields of the assessment to read with it (the same groups)."""
        rated = ~Q(rating=Rating.NOT_ASSESSED) & Q(needs_review=False)
        return (
            self.order_by()
            .values("assessment_id", *also)
            .annotate(
                total=Count("pk"), rated=Count("pk", filter=rated), met=Count("pk", filter=MET)
            )
        )

    def criterion_totals(self):
        """Lines and lines at Compliance or better, per assessment and criterion: one query."""
        return (
            self.order_by()
            .values("assessment_id", "criterion_number")
            .annotate(total=Count("pk"), met=Count("pk", filter=MET))
        )


class EvidenceQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="line__assessment__csc", non_identifiable=True)

    def current(self):
        """Evidence that has not been removed."""
        return self.filter(removed_at__isnull=True)

    def for_line_page(self):
        return self.select_related("created_by", "item").prefetch_related("item__subjects")


class ImprovementActionQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        return scope_to_cscs(self, user, csc_field="line__assessment__csc", non_identifiable=True)

    def open(self):
        """Not done, and not carried forward into a later assessment (the copy is the live one)."""
        return self.filter(done_on__isnull=True, carried_to__isnull=True)

    def overdue(self, today: date):
        """Open actions whose due date has passed (an action due today is not overdue), on
        standards that still count."""
        return self.open().filter(due_on__lt=today, line__retired=False)

    def for_list(self):
        return self.select_related("owner", "line__assessment__csc")
