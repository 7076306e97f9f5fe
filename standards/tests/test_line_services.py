"""Rating a standard, its owner and review date, and refusing a stale change."""

from datetime import timedelta

import pytest

from standards.models import AssessmentLine, Rating
from standards.services.base import StandardsError
from standards.services.lines import line_rate, line_update


@pytest.fixture
def line(assessment):
    return assessment.lines.order_by("pk").first()


class TestRate:
    @pytest.mark.parametrize("rating", Rating.values)
    def test_each_rating_on_the_scale_is_saved(self, line, medicine_manager, rating):
        saved = line_rate(
            line=line, rating=rating, by=medicine_manager, expected_version=line.version
        )
        fresh = AssessmentLine.objects.get(pk=line.pk)
        assert fresh.rating == rating
        assert fresh.version == line.version + 1 == saved.version
        assert fresh.updated_by == medicine_manager

    @pytest.mark.parametrize("rating", ["excellent", "", "COMPLIANCE", "met"])
    def test_a_rating_outside_the_scale_is_refused_at_the_field(
        self, line, medicine_manager, rating
    ):
        with pytest.raises(StandardsError) as refused:
            line_rate(line=line, rating=rating, by=medicine_manager, expected_version=None)
        assert "Choose a rating from the scale" in refused.value.message_dict["rating"][0]
        fresh = AssessmentLine.objects.get(pk=line.pk)
        assert (fresh.rating, fresh.version) == (Rating.NOT_ASSESSED, line.version)

    def test_choosing_the_carried_rating_again_confirms_it(self, line, medicine_manager):
        AssessmentLine.objects.filter(pk=line.pk).update(
            rating=Rating.COMPLIANCE, needs_review=True
        )
        line.refresh_from_db()
        line_rate(line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None)
        assert not AssessmentLine.objects.get(pk=line.pk).needs_review

    def test_every_change_is_in_the_audit_trail_with_who_made_it(self, line, medicine_manager):
        line_rate(line=line, rating=Rating.PARTIAL, by=medicine_manager, expected_version=None)
        record = line.history.order_by("-history_date").first()
        assert (record.rating, record.history_user) == (Rating.PARTIAL, medicine_manager)


class TestStaleChange:
    def test_the_second_of_two_saves_from_the_same_page_is_refused(
        self, line, medicine_manager, administrator
    ):
        shown = line.version
        line_rate(line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=shown)
        with pytest.raises(StandardsError) as refused:
            line_rate(line=line, rating=Rating.PARTIAL, by=administrator, expected_version=shown)
        message = refused.value.messages[0]
        assert f"Someone else changed standard {line.code}" in message
        assert "it is now rated Compliance" in message
        assert "has not been saved" in message
        fresh = AssessmentLine.objects.get(pk=line.pk)
        assert (fresh.rating, fresh.updated_by) == (Rating.COMPLIANCE, medicine_manager)

    def test_a_stale_owner_change_is_refused_too(self, line, medicine_manager, owner):
        shown = line.version
        line_rate(line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=shown)
        with pytest.raises(StandardsError, match="Someone else changed"):
            line_update(
                line=line, by=medicine_manager, owner=owner, review_on=None, expected_version=shown
            )
        assert AssessmentLine.objects.get(pk=line.pk).owner is None


class TestOwnerAndReviewDate:
    def test_owner_and_review_date_are_saved(self, line, assessment, medicine_manager, owner):
        line_update(
            line=line,
            by=medicine_manager,
            owner=owner,
            review_on=assessment.period_end,
            expected_version=line.version,
        )
        fresh = AssessmentLine.objects.get(pk=line.pk)
        assert (fresh.owner, fresh.review_on) == (owner, assessment.period_end)

    def test_a_review_date_on_the_first_day_of_the_period_is_allowed(
        self, line, assessment, medicine_manager
    ):
        line_update(
            line=line,
            by=medicine_manager,
            owner=None,
            review_on=assessment.period_start,
            expected_version=None,
        )
        assert AssessmentLine.objects.get(pk=line.pk).review_on == assessment.period_start

    def test_a_review_date_before_the_period_is_refused_at_the_field(
        self, line, assessment, medicine_manager, owner
    ):
        before = assessment.period_start - timedelta(days=1)
        with pytest.raises(StandardsError) as refused:
            line_update(
                line=line, by=medicine_manager, owner=owner, review_on=before, expected_version=None
            )
        assert "on or after the start of the period" in refused.value.message_dict["review_on"][0]
        fresh = AssessmentLine.objects.get(pk=line.pk)
        assert (fresh.owner, fresh.review_on, fresh.version) == (None, None, line.version)


class TestRetiredStandards:
    def test_a_line_whose_standard_was_retired_refuses_changes(
        self, line, medicine_manager, three_standards
    ):
        standard = line.standard
        standard.active = False
        standard.save()
        with pytest.raises(StandardsError, match="was retired while this assessment"):
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )
        assert AssessmentLine.objects.get(pk=line.pk).rating == Rating.NOT_ASSESSED

    def test_an_htmx_rating_of_a_retired_line_reloads_the_checklist(
        self, client, line, medicine_manager
    ):
        standard = line.standard
        standard.active = False
        standard.save()
        client.force_login(medicine_manager)
        response = client.post(
            f"/standards/lines/{line.pk}/rate/",
            {"rating": Rating.COMPLIANCE, "version": line.version + 1},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert response["HX-Refresh"] == "true"


class TestChangesWaitForSignOff:
    def test_a_change_to_a_line_locks_its_assessment_first(self, line, medicine_manager):
        """Sign-off locks the assessment too, so a change and a sign-off never cross."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )
        reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        first = reads[0]
        assert 'FROM "standards_assessment"' in first
        if connection.vendor == "postgresql":  # SQLite has no row locks: it writes one at a time
            assert "FOR UPDATE" in first
