"""The standards pages as a manager uses them: one-click rating with and without htmx, the
forms of a standard's page, sign-off, starting a period, and the CSV downloads."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.services.assessments import lines_seen
from standards.services.lines import line_rate
from standards.tests.factories import ready_to_sign_off, this_period

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def line(assessment):
    return assessment.lines.order_by("pk").first()


@pytest.fixture
def manager(client, medicine_manager):
    client.force_login(medicine_manager)
    return client


def rate_url(line):
    return reverse("standards:rate", args=[line.pk])


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


class TestOneClickRating:
    def test_htmx_gets_back_the_row_and_the_progress_it_changed(self, manager, line):
        response = manager.post(
            rate_url(line), {"rating": Rating.COMPLIANCE, "version": line.version}, **HTMX
        )
        assert response.status_code == 200
        html = response.text
        assert f'id="line-{line.pk}"' in html
        assert 'id="criterion-1-progress" hx-swap-oob="true"' in html
        assert "<strong>1 of 3</strong> rated" in html
        assert 'id="checklist-summary" hx-swap-oob="true"' in html
        assert f"Standard {line.code} rated Compliance" in html  # for screen readers
        assert "<html" not in html  # a fragment, not a page
        assert AssessmentLine.objects.get(pk=line.pk).rating == Rating.COMPLIANCE

    def test_without_javascript_the_checklist_reloads_at_the_standard(self, manager, line):
        response = manager.post(rate_url(line), {"rating": Rating.PARTIAL, "version": line.version})
        assert response.status_code == 302
        assert response.url.endswith(f"#line-{line.pk}")
        assert AssessmentLine.objects.get(pk=line.pk).rating == Rating.PARTIAL

    def test_a_stale_click_is_told_at_the_standard_and_overwrites_nothing(
        self, manager, line, administrator
    ):
        shown = line.version
        line_rate(line=line, rating=Rating.COMPLIANCE, by=administrator, expected_version=shown)
        response = manager.post(
            rate_url(line), {"rating": Rating.PARTIAL, "version": shown}, **HTMX
        )
        assert response.status_code == 200
        assert "Someone else changed standard" in response.text
        assert f'id="line-{line.pk}-error"' in response.text
        assert AssessmentLine.objects.get(pk=line.pk).rating == Rating.COMPLIANCE

    def test_without_javascript_a_refusal_shows_an_error_summary_linking_to_the_standard(
        self, manager, line
    ):
        response = manager.post(rate_url(line), {"rating": "excellent", "version": line.version})
        assert response.status_code == 400
        assert "There is a problem" in response.text
        assert f'href="#line-{line.pk}"' in response.text
        assert "Choose a rating from the scale" in response.text
        assert AssessmentLine.objects.get(pk=line.pk).rating == Rating.NOT_ASSESSED

    def test_readers_see_ratings_without_buttons(self, client, board_member, line, assessment):
        client.force_login(board_member)
        page = client.get(reverse("standards:assessment", args=[assessment.pk]))
        assert page.status_code == 200
        assert line.standard_text in page.text
        assert rate_url(line) not in page.text


class TestStandardPage:
    def test_a_refused_form_shows_its_errors_at_its_fields_and_saves_nothing(
        self, manager, line, assessment
    ):
        url = reverse("standards:add_action", args=[line.pk])
        before = assessment.period_start
        response = manager.post(
            url,
            {
                "description": "Fix it",
                "owner": "Nobody Known",
                "due_on_0": "31",
                "due_on_1": "2",
                "due_on_2": str(before.year),
            },
        )
        assert response.status_code == 400
        assert "No one in the staff directory matches “Nobody Known”" in response.text
        assert "must be a real date: 31/2/" in response.text
        assert "<title>Error:" in response.text
        assert not ImprovementAction.objects.exists()

    def test_an_action_with_an_owner_typed_by_name_is_added(self, manager, line, owner, assessment):
        end = assessment.period_end
        response = manager.post(
            reverse("standards:add_action", args=[line.pk]),
            {
                "description": "Install a hearing loop",
                "owner": "zara reid",
                "due_on_0": end.day,
                "due_on_1": end.month,
                "due_on_2": end.year,
            },
        )
        assert response.status_code == 302
        action = ImprovementAction.objects.get()
        assert (action.owner, action.due_on) == (owner, end)

    def test_a_disguised_file_is_refused_at_the_file_field(self, manager, line, evidence_storage):
        upload = SimpleUploadedFile("policy.pdf", b"MZ" + b"\x00" * 300)
        response = manager.post(reverse("standards:add_file", args=[line.pk]), {"file": upload})
        assert response.status_code == 400
        assert "“policy.pdf” is not a PDF, Word, Excel, PNG or JPEG file" in response.text
        assert 'id="file-file-error"' in response.text
        assert not Evidence.objects.exists()

    def test_a_note_is_added_and_shown(self, manager, line):
        response = manager.post(
            reverse("standards:add_note", args=[line.pk]), {"text": "FFT reviewed"}, follow=True
        )
        assert "Evidence note added" in response.text
        assert "FFT reviewed" in response.text

    def test_linking_a_reference_that_is_not_this_cscs_says_so_plainly(self, manager, line):
        response = manager.post(
            reverse("standards:link_item", args=[line.pk]), {"reference": "comp-2026-09999"}
        )
        assert response.status_code == 400
        assert "No feedback item COMP-2026-09999 was found in the register for Medicine" in (
            response.text
        )


class TestStartAndSignOff:
    def test_a_manager_starts_the_current_period(self, manager, medicine, three_standards):
        response = manager.post(reverse("standards:start", args=["med"]))
        assessment = Assessment.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("standards:assessment", args=[assessment.pk])
        assert assessment.period_start == this_period().start

    def test_starting_twice_says_it_has_started(self, manager, assessment):
        response = manager.post(reverse("standards:start", args=["med"]), follow=True)
        assert "has already been started" in response.text
        assert Assessment.objects.count() == 1

    def test_the_sign_off_page_lists_what_is_missing_and_offers_no_button(
        self, manager, assessment
    ):
        page = manager.get(reverse("standards:sign_off", args=[assessment.pk]))
        assert "3 standards not yet rated" in page.text
        assert "Sign off Q" not in page.text

    def test_signing_off_makes_the_checklist_read_only(
        self, manager, assessment, medicine_manager, owner
    ):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        response = manager.post(
            reverse("standards:sign_off", args=[assessment.pk]),
            {"lines_seen": lines_seen(assessment)},
            follow=True,
        )
        assert "signed off" in response.text
        line = assessment.lines.first()
        assert rate_url(line) not in response.text
        refused = manager.post(
            rate_url(line), {"rating": Rating.COMPLIANCE, "version": line.version}
        )
        assert refused.status_code == 400
        assert "it can no longer be changed" in refused.text

    def test_a_rating_changed_since_the_page_was_shown_is_not_signed_off_unseen(
        self, manager, assessment, medicine_manager, owner
    ):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        url = reverse("standards:sign_off", args=[assessment.pk])
        page = manager.get(url)
        seen = lines_seen(assessment)
        assert f'name="lines_seen" value="{seen}"' in page.text
        line = assessment.lines.order_by("pk").first()
        line_rate(
            line=line, rating=Rating.COMPLIANCE_PLUS, by=medicine_manager, expected_version=None
        )

        refused = manager.post(url, {"lines_seen": seen})

        assessment.refresh_from_db()
        assert not assessment.is_signed_off
        assert "Someone changed" in refused.text
        assert "has not been signed off" in refused.text
        # The button is offered again with what the page now shows, and that signs off.
        fresh = lines_seen(assessment)
        assert fresh == seen + 1
        assert f'name="lines_seen" value="{fresh}"' in refused.text
        manager.post(url, {"lines_seen": fresh})
        assessment.refresh_from_db()
        assert assessment.is_signed_off

    @pytest.mark.parametrize("sent", [{}, {"lines_seen": "junk"}])
    def test_a_sign_off_without_the_page_state_is_refused(
        self, manager, assessment, medicine_manager, owner, sent
    ):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        refused = manager.post(reverse("standards:sign_off", args=[assessment.pk]), sent)
        assessment.refresh_from_db()
        assert not assessment.is_signed_off
        assert "Someone changed" in refused.text


class TestDownloads:
    def test_the_assessment_csv_has_a_row_per_standard(self, manager, assessment, medicine_manager):
        line = assessment.lines.order_by("pk").first()
        line_rate(line=line, rating=Rating.PARTIAL, by=medicine_manager, expected_version=None)
        rows = csv_rows(manager.get(reverse("standards:assessment_csv", args=[assessment.pk])))
        assert len(rows) == 3
        assert rows[0]["Standard"] == line.code
        assert rows[0]["Rating"] == "Partial Compliance"
        assert rows[0]["Wording assessed"] == line.standard_text

    def test_text_that_a_spreadsheet_would_run_is_made_harmless(
        self, manager, assessment, medicine_manager
    ):
        from standards.services.evidence import evidence_add_note

        line = assessment.lines.order_by("pk").first()
        evidence_add_note(line=line, by=medicine_manager, text='=HYPERLINK("http://x")')
        rows = csv_rows(manager.get(reverse("standards:assessment_csv", args=[assessment.pk])))
        assert rows[0]["Evidence notes"].startswith("'=")

    def test_the_matrix_csv_has_a_row_per_csc_and_the_trust(
        self, manager, assessment, medicine_manager
    ):
        for line in assessment.lines.all():
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )
        rows = csv_rows(manager.get(reverse("standards:matrix_csv")))
        assert [row["CSC"] for row in rows] == ["Medicine", "Trust"]
        assert rows[0]["1. Criterion 1 (%)"] == "100"
        assert rows[0]["Assessment status"] == "In progress"


class TestSomeoneWithTwoRoles:
    def test_a_board_member_who_manages_medicine_sees_item_details_only_there(
        self, client, medicine, surgery, pals_officer, three_standards
    ):
        from careprog.roles import Role
        from careprog.tests.factories import UserFactory
        from feedback import reference
        from feedback.tests.factories import make_item
        from standards.services.evidence import evidence_link_item
        from standards.tests.factories import make_assessment

        reference.load()
        both = UserFactory(role=Role.BOARD_MEMBER, cscs=[medicine])
        both.groups.add(*UserFactory(role=Role.CSC_MANAGER).groups.all())
        lines = {}
        for csc in (medicine, surgery):
            line = make_assessment(csc=csc, by=pals_officer).lines.first()
            item = make_item(csc=csc, by=pals_officer, summary=f"Private {csc.code} summary")
            evidence_link_item(line=line, by=pals_officer, item=item)
            lines[csc.code] = line
        client.force_login(both)
        own = client.get(reverse("standards:line", args=[lines["med"].pk]))
        other = client.get(reverse("standards:line", args=[lines["surg"].pk]))
        assert "Private med summary" in own.text
        assert other.status_code == 200  # a board member reads every CSC's checklist
        assert "Private surg summary" not in other.text
