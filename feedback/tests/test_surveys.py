"""The person's experience of the handling: the single-use survey link, its public page, the
officer's page for a survey given by phone or on paper, and the results."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import ExperienceSurvey, FeedbackItem, SurveyInvitation
from feedback.models.choices import Kind, Status
from feedback.services.base import ProcessError
from feedback.services.surveys import (
    SurveyLinkRefused,
    create_survey_link,
    hash_token,
    survey_answer_by_link,
    survey_record,
)
from feedback.tests.factories import make_item

ANSWERS = {"listened_to": 4, "kept_informed": 2, "understood_outcome": 5, "comment": "Slow"}
NOW = timezone.make_aware(timezone.datetime(2026, 6, 1, 9, 0))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The attempt counter lives in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


def responded(item, *, status=Status.RESPONSE_SENT, sent_on=None) -> FeedbackItem:
    sent_on = sent_on or timezone.localdate() - timedelta(days=10)
    FeedbackItem.objects.filter(pk=item.pk).update(status=status, response_sent_on=sent_on)
    item.refresh_from_db()
    return item


@pytest.fixture
def complaint(medicine, pals_officer):
    return responded(
        make_item(
            csc=medicine,
            by=pals_officer,
            patient_name="Edith Crawley",
            contact_name="Mary Crawley",
            nhs_number="9434765919",
            summary="Waited four hours for pain relief",
        )
    )


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def answer_url(token: str) -> str:
    return reverse("survey", kwargs={"token": token})


def record(item, by, **changes):
    arguments = {
        "listened_to": 3,
        "kept_informed": 3,
        "understood_outcome": 3,
        "comment": "",
        "source": "phone",
        "received_on": timezone.localdate(),
        **changes,
    }
    return survey_record(item=item, by=by, **arguments)


class TestCreateSurveyLink:
    def test_link_is_absolute_and_only_the_hash_is_stored(self, complaint):
        url = create_survey_link(complaint, now=NOW)
        token = token_of(url)
        assert url == f"{settings.SITE_URL}/survey/{token}/"
        assert len(token) >= 43  # 32 random bytes
        invitation = SurveyInvitation.objects.get(item=complaint)
        assert invitation.token_hash == hash_token(token)
        assert token not in invitation.token_hash
        assert invitation.used_at is None

    def test_link_expires_after_the_set_number_of_days(self, complaint):
        create_survey_link(complaint, now=NOW)
        invitation = SurveyInvitation.objects.get(item=complaint)
        assert settings.SURVEY_LINK_DAYS == 60
        assert invitation.expires_at == NOW + timedelta(days=60)

    def test_each_link_is_different(self, complaint):
        assert create_survey_link(complaint) != create_survey_link(complaint)


class TestAnswerByLink:
    def test_answer_saves_the_survey_and_spends_the_link(self, complaint):
        token = token_of(create_survey_link(complaint, now=NOW))
        survey = survey_answer_by_link(token=token, now=NOW + timedelta(days=1), **ANSWERS)
        assert survey.item == complaint
        assert survey.source == "online"
        assert survey.recorded_by is None
        assert (survey.listened_to, survey.kept_informed, survey.understood_outcome) == (4, 2, 5)
        assert SurveyInvitation.objects.get().used_at == NOW + timedelta(days=1)
        assert complaint.events.filter(action="survey").exists()

    def test_second_use_is_refused_and_saves_nothing(self, complaint):
        token = token_of(create_survey_link(complaint, now=NOW))
        survey_answer_by_link(token=token, now=NOW, **ANSWERS)
        with pytest.raises(SurveyLinkRefused) as refused:
            survey_answer_by_link(token=token, now=NOW, **ANSWERS)
        assert refused.value.reason == "used"
        assert ExperienceSurvey.objects.count() == 1

    def test_unknown_token_is_refused(self, complaint):
        create_survey_link(complaint, now=NOW)
        with pytest.raises(SurveyLinkRefused) as refused:
            survey_answer_by_link(token="guessed", now=NOW, **ANSWERS)
        assert refused.value.reason == "unknown"
        assert not ExperienceSurvey.objects.exists()

    def test_a_second_before_expiry_is_accepted(self, complaint):
        token = token_of(create_survey_link(complaint, now=NOW))
        at = NOW + timedelta(days=60) - timedelta(seconds=1)
        assert survey_answer_by_link(token=token, now=at, **ANSWERS).pk

    def test_the_moment_of_expiry_is_refused(self, complaint):
        token = token_of(create_survey_link(complaint, now=NOW))
        with pytest.raises(SurveyLinkRefused) as refused:
            survey_answer_by_link(token=token, now=NOW + timedelta(days=60), **ANSWERS)
        assert refused.value.reason == "expired"
        assert not ExperienceSurvey.objects.exists()
        assert SurveyInvitation.objects.get().used_at is None

    @pytest.mark.parametrize("score", [0, 6])
    def test_a_score_outside_the_scale_is_refused_and_the_link_kept(self, complaint, score):
        token = token_of(create_survey_link(complaint, now=NOW))
        with pytest.raises(ProcessError) as refused:
            survey_answer_by_link(token=token, now=NOW, **{**ANSWERS, "kept_informed": score})
        assert "kept_informed" in refused.value.message_dict
        assert not ExperienceSurvey.objects.exists()
        assert SurveyInvitation.objects.get().used_at is None


class TestRecordSurvey:
    def test_officer_records_a_phone_survey(self, complaint, pals_officer):
        survey = record(complaint, pals_officer, comment="Kind staff", source="form")
        assert survey.recorded_by == pals_officer
        assert survey.source == "form"
        assert survey.comment == "Kind staff"
        assert complaint.events.filter(action="survey").exists()

    def test_closed_complaint_accepted(self, complaint, pals_officer):
        responded(complaint, status=Status.CLOSED)
        assert record(complaint, pals_officer).pk

    @pytest.mark.parametrize("user", ["medicine_manager", "board_member"])
    def test_without_permission_refused(self, complaint, user, request):
        with pytest.raises(ProcessError) as refused:
            record(complaint, request.getfixturevalue(user))
        assert refused.value.code == "permission"
        assert not ExperienceSurvey.objects.exists()

    def test_pals_contact_refused(self, medicine, pals_officer):
        contact = make_item(kind=Kind.PALS, csc=medicine, by=pals_officer)
        FeedbackItem.objects.filter(pk=contact.pk).update(status=Status.RESOLVED)
        contact.refresh_from_db()
        with pytest.raises(ProcessError, match="formal complaints only"):
            record(contact, pals_officer)

    @pytest.mark.parametrize("status", [Status.ACKNOWLEDGED, Status.AWAITING_SIGN_OFF])
    def test_before_the_response_refused(self, complaint, pals_officer, status):
        FeedbackItem.objects.filter(pk=complaint.pk).update(status=status)
        complaint.refresh_from_db()
        with pytest.raises(ProcessError, match="no response yet"):
            record(complaint, pals_officer)

    @pytest.mark.parametrize("score", [0, 6])
    def test_score_outside_the_scale_refused_at_its_field(self, complaint, pals_officer, score):
        with pytest.raises(ProcessError) as refused:
            record(complaint, pals_officer, understood_outcome=score)
        assert list(refused.value.message_dict) == ["understood_outcome"]
        assert not ExperienceSurvey.objects.exists()

    @pytest.mark.parametrize("score", [1, 5])
    def test_ends_of_the_scale_accepted(self, complaint, pals_officer, score):
        survey = record(complaint, pals_officer, listened_to=score)
        assert survey.listened_to == score

    def test_online_source_refused(self, complaint, pals_officer):
        with pytest.raises(ProcessError) as refused:
            record(complaint, pals_officer, source="online")
        assert "source" in refused.value.message_dict

    def test_received_tomorrow_refused_today_accepted(self, complaint, pals_officer):
        today = timezone.localdate()
        with pytest.raises(ProcessError) as refused:
            record(complaint, pals_officer, received_on=today + timedelta(days=1))
        assert "received_on" in refused.value.message_dict
        assert record(complaint, pals_officer, received_on=today).pk

    def test_received_before_the_response_refused_on_the_day_accepted(
        self, complaint, pals_officer
    ):
        sent = complaint.response_sent_on
        with pytest.raises(ProcessError) as refused:
            record(complaint, pals_officer, received_on=sent - timedelta(days=1))
        assert "received_on" in refused.value.message_dict
        assert record(complaint, pals_officer, received_on=sent).pk


class TestPublicSurveyPage:
    def test_shows_the_questions_and_nothing_of_the_complaint(self, client, complaint):
        token = token_of(create_survey_link(complaint))
        response = client.get(answer_url(token))
        assert response.status_code == 200
        body = response.content.decode()
        assert settings.TRUST_NAME in body
        assert "I felt listened to" in body
        assert "Not at all" in body
        assert "Completely" in body
        for secret in (
            complaint.reference,
            complaint.reference_slug,
            "Edith Crawley",
            "Mary Crawley",
            "9434765919",
            "943 476 5919",
            complaint.summary,
            "Medicine",
            complaint.received_on.strftime("%-d %B %Y"),
        ):
            assert secret not in body
        # The header names the trust and leads nowhere staff-only (the sign-in page).
        assert 'href="#maincontent" aria-label="' in body
        assert 'aria-label="Customer care programme homepage"' not in body

    def test_answering_saves_and_thanks(self, client, complaint):
        token = token_of(create_survey_link(complaint))
        response = client.post(answer_url(token), ANSWERS)
        assert response.status_code == 200
        assert "Thank you" in response.content.decode()
        survey = ExperienceSurvey.objects.get()
        assert (survey.source, survey.recorded_by, survey.comment) == ("online", None, "Slow")

    def test_answer_outside_the_scale_shows_a_message_at_the_field(self, client, complaint):
        token = token_of(create_survey_link(complaint))
        response = client.post(answer_url(token), {**ANSWERS, "listened_to": "6"})
        assert response.status_code == 200
        assert "Select a number from 1 (not at all) to 5 (completely)" in (
            response.content.decode()
        )
        assert response.context["form"].errors.keys() == {"listened_to"}
        assert not ExperienceSurvey.objects.exists()
        assert SurveyInvitation.objects.get().used_at is None

    def unusable_tokens(self, complaint):
        used = token_of(create_survey_link(complaint))
        survey_answer_by_link(token=used, **ANSWERS)
        expired = token_of(create_survey_link(complaint, now=timezone.now() - timedelta(days=61)))
        altered = token_of(create_survey_link(complaint))
        altered = altered[:-1] + ("A" if altered[-1] != "A" else "B")
        return {"unknown": "made-up-token", "used": used, "expired": expired, "altered": altered}

    def test_unknown_altered_used_and_expired_look_the_same(self, client, complaint):
        bodies = set()
        for token in self.unusable_tokens(complaint).values():
            response = client.get(answer_url(token))
            assert response.status_code == 404
            body = response.content.decode()
            assert "This link cannot be used" in body
            assert complaint.reference not in body
            bodies.add(body)
        assert len(bodies) == 1

    def test_posting_to_a_used_link_saves_nothing(self, client, complaint):
        tokens = self.unusable_tokens(complaint)
        response = client.post(answer_url(tokens["used"]), ANSWERS)
        assert response.status_code == 404
        assert ExperienceSurvey.objects.count() == 1  # the one that used it

    def test_each_failure_is_logged_without_the_token(self, client, complaint, caplog):
        tokens = self.unusable_tokens(complaint)
        with caplog.at_level(logging.WARNING, logger="careprog.security"):
            for token in tokens.values():
                client.get(answer_url(token), REMOTE_ADDR="203.0.113.9")
        records = [r for r in caplog.records if r.name == "careprog.security"]
        assert len(records) == 4
        # An altered token is simply unknown: the log, like the page, cannot tell them apart.
        reasons = {"unknown": "unknown", "used": "used", "expired": "expired", "altered": "unknown"}
        for (name, token), entry in zip(tokens.items(), records, strict=True):
            message = entry.getMessage()
            assert f"({reasons[name]})" in message
            assert "203.0.113.9" in message
            assert hash_token(token)[:12] in message
            assert token not in message
        # Nor does any other logger write the token (Django's request log holds the path).
        assert not any(token in r.getMessage() for r in caplog.records for token in tokens.values())

    def test_the_eleventh_attempt_in_ten_minutes_is_refused(self, client, complaint):
        for _ in range(10):
            assert client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1").status_code == 404
        response = client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1")
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        # Once limited, even a good link waits: a guess must not learn it hit a real one.
        good = token_of(create_survey_link(complaint))
        assert client.get(answer_url(good), REMOTE_ADDR="198.51.100.1").status_code == 429
        # Another address is not held up.
        assert client.get(answer_url(good), REMOTE_ADDR="198.51.100.2").status_code == 200

    def test_people_answering_their_own_links_never_use_up_the_allowance(self, client, complaint):
        # Everyone behind the trust's proxy shares an address: only refused links count.
        for _ in range(12):
            good = token_of(create_survey_link(complaint))
            assert client.get(answer_url(good), REMOTE_ADDR="198.51.100.1").status_code == 200
        for _ in range(10):
            assert client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1").status_code == 404
        assert client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1").status_code == 429

    def test_behind_trusted_proxies_the_visitor_address_is_limited(
        self, client, complaint, settings
    ):
        settings.TRUSTED_PROXY_HOPS = 1
        proxy = {"REMOTE_ADDR": "10.0.0.5"}
        guesser = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
        for _ in range(10):
            assert client.get(answer_url("guess"), **guesser).status_code == 404
        assert client.get(answer_url("guess"), **guesser).status_code == 429
        # Someone else behind the same proxy is not held up; a forged left-hand entry is not
        # believed (the guesser cannot escape the limit by writing another address there).
        good = token_of(create_survey_link(complaint))
        other = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
        assert client.get(answer_url(good), **other).status_code == 200
        forged = {**proxy, "HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.7"}
        assert client.get(answer_url("guess"), **forged).status_code == 429

    def test_the_limit_resets_after_the_window(self, client, complaint):
        for _ in range(11):
            client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1")
        cache.delete("survey-link-refusals:198.51.100.1")  # as the 10-minute timeout does
        assert client.get(answer_url("guess"), REMOTE_ADDR="198.51.100.1").status_code == 404

    def test_csrf_is_checked(self, complaint):
        token = token_of(create_survey_link(complaint))
        response = Client(enforce_csrf_checks=True).post(answer_url(token), ANSWERS)
        assert response.status_code == 403
        assert not ExperienceSurvey.objects.exists()


class TestRecordSurveyPage:
    def url(self, item):
        return reverse("feedback:record_survey", kwargs={"reference": item.reference_slug})

    def form_data(self, item=None, **changes):
        today = timezone.localdate()
        return {
            "version": FeedbackItem.objects.get(pk=item.pk).version if item else 0,
            "source": "phone",
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "listened_to": "5",
            "kept_informed": "1",
            "understood_outcome": "3",
            "comment": "Helpful",
            **changes,
        }

    def test_officer_records_a_survey(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        assert client.get(self.url(complaint)).status_code == 200
        response = client.post(self.url(complaint), self.form_data(complaint))
        assert response.status_code == 302
        survey = ExperienceSurvey.objects.get()
        assert (survey.listened_to, survey.kept_informed, survey.understood_outcome) == (5, 1, 3)
        assert survey.recorded_by == pals_officer

    def test_the_same_form_sent_twice_records_one_survey(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        data = self.form_data(complaint)
        assert client.post(self.url(complaint), data).status_code == 302
        again = client.post(self.url(complaint), data)
        assert again.status_code == 200
        assert "changed by someone else" in again.text
        assert ExperienceSurvey.objects.count() == 1

    @pytest.mark.parametrize("score", ["0", "6"])
    def test_score_outside_the_scale_refused_at_the_field(
        self, client, complaint, pals_officer, score
    ):
        client.force_login(pals_officer)
        response = client.post(self.url(complaint), self.form_data(complaint, kept_informed=score))
        assert response.status_code == 200
        assert "kept_informed" in response.context["form"].errors
        assert not ExperienceSurvey.objects.exists()

    def test_date_before_the_response_shown_at_the_field(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        before = complaint.response_sent_on - timedelta(days=1)
        data = self.form_data(
            complaint,
            received_on_0=before.day,
            received_on_1=before.month,
            received_on_2=before.year,
        )
        response = client.post(self.url(complaint), data)
        assert "received_on" in response.context["form"].errors
        assert not ExperienceSurvey.objects.exists()

    def test_needs_sign_in(self, client, complaint):
        response = client.get(self.url(complaint))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_manager_refused(self, client, complaint, medicine_manager):
        client.force_login(medicine_manager)
        assert client.get(self.url(complaint)).status_code == 403
        assert client.post(self.url(complaint), self.form_data()).status_code == 403
        assert not ExperienceSurvey.objects.exists()

    def test_open_complaint_sends_back_to_the_item(self, client, medicine, pals_officer):
        open_complaint = make_item(csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        response = client.post(self.url(open_complaint), self.form_data())
        assert response.status_code == 302
        assert not ExperienceSurvey.objects.exists()


class TestItemPageBlock:
    def detail(self, client, item):
        return client.get(reverse("feedback:detail", kwargs={"reference": item.reference_slug}))

    def test_shows_surveys_and_the_link_to_record_one(self, client, complaint, pals_officer):
        record(complaint, pals_officer, comment="They listened", listened_to=5)
        client.force_login(pals_officer)
        body = self.detail(client, complaint).content.decode()
        assert '<h2 id="experience">The person\'s experience</h2>' in body
        assert "They listened" in body
        assert "5 of 5" in body
        assert reverse("feedback:record_survey", args=[complaint.reference_slug]) in body

    def test_no_block_before_the_response(self, client, medicine, pals_officer):
        open_complaint = make_item(csc=medicine, by=pals_officer)
        client.force_login(pals_officer)
        body = self.detail(client, open_complaint).content.decode()
        assert "Record the person" not in body

    def test_manager_sees_surveys_without_the_link(self, client, complaint, medicine_manager):
        client.force_login(medicine_manager)
        body = self.detail(client, complaint).content.decode()
        assert "No survey received yet" in body
        assert "Record the person" not in body

    def test_query_count_does_not_grow_with_surveys(self, client, complaint, pals_officer):
        client.force_login(pals_officer)
        record(complaint, pals_officer)
        self.detail(client, complaint)  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as few:
            self.detail(client, complaint)
        for _ in range(5):
            record(complaint, pals_officer)
        with CaptureQueriesContext(connection) as many:
            self.detail(client, complaint)
        assert len(many) == len(few)
