"""Reads of staff recognition. Every list a user sees starts from visible_to(user).

Recognition holds no patient data and belongs to no one CSC: the wall is for everyone. What is
kept back is what would spoil or skew the awards: nominations and scores before the results.
"""

from django.db.models import Avg, Count, Q

from careprog.models.base import NeverDeleteQuerySet
from careprog.permissions import is_administrator, is_pals_officer
from recognition.models.choices import Consent, Stage


class ThankYouQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        """Everyone signed in sees the wall; hidden messages only administrators."""
        if not user.is_authenticated:
            return self.none()
        if is_administrator(user):
            return self
        return self.filter(hidden_at__isnull=True)

    def shown(self):
        return self.filter(hidden_at__isnull=True)

    def for_wall(self):
        return self.select_related("sender", "recipient__csc", "team__csc", "behaviour", "csc")

    def to_person(self, person):
        return self.filter(recipient=person)

    def in_csc(self, csc):
        return self.filter(csc=csc)

    def of_value(self, value):
        return self.filter(value=value)

    def not_emailed(self):
        return self.filter(emailed_at__isnull=True, recipient__isnull=False)


class AwardRoundQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        """Rounds are announced to all staff: anyone signed in sees them."""
        return self if user.is_authenticated else self.none()

    def open_for_nominations(self, today):
        return self.filter(nominations_open_on__lte=today, nominations_close_on__gte=today)

    def published(self):
        return self.filter(results_published_at__isnull=False)

    def on_panel(self, user):
        return self.filter(panel=user)


class NominationQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        """Administrators and PALS officers see every nomination; a panel sees its round's; a
        nominator sees those they made; once results are out, everyone sees the round's nominees
        who agreed to be put forward."""
        if not user.is_authenticated:
            return self.none()
        if is_administrator(user) or is_pals_officer(user):
            return self
        published = Q(round__results_published_at__isnull=False, consent=Consent.GIVEN)
        return self.filter(
            Q(round__panel=user) | Q(round__chair=user) | Q(nominated_by=user) | published
        ).distinct()

    def for_list(self):
        return self.select_related("category", "nominee__csc", "team__csc", "csc", "round")

    def in_round(self, award_round):
        return self.filter(round=award_round)

    def winners(self):
        """Winners (who, to have been chosen, agreed to be put forward)."""
        return self.filter(stage=Stage.WINNER, consent=Consent.GIVEN)

    def in_the_running(self):
        """Nominations whose nominee agreed to be put forward: only they are shortlisted, win,
        and are celebrated."""
        return self.filter(consent=Consent.GIVEN)

    def celebrated(self):
        """Nominees of published rounds who agreed to be put forward: the results list them and
        they get certificates."""
        return self.in_the_running().filter(round__results_published_at__isnull=False)

    def shortlisted_or_won(self):
        return self.filter(stage__in=[Stage.SHORTLISTED, Stage.WINNER])

    def with_scores(self):
        """Each nomination's mean score (over every criterion of every sheet) and how many
        members scored it: one query for any number of nominations. A member who declared a
        conflict never scored it (declaring is refused after scoring)."""
        return self.annotate(
            mean_score=Avg("sheets__scores__value"),
            score_count=Count("sheets", distinct=True),
        )
