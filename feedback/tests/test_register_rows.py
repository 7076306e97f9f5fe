"""The register's rows, written in Python (feedback.register_rows): what each cell shows, that
every value is escaped, and that rows cost no query of their own."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careprog.tests.factories import DepartmentFactory
from feedback.models import FeedbackItem, Subject
from feedback.models.choices import Kind
from feedback.register_rows import register_rows
from feedback.tests.factories import make_item
from feedback.views.common import today_context

pytestmark = pytest.mark.django_db


def rows_for(*items):
    listed = FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).for_list().order_by("pk")
    return str(register_rows(list(listed), today_context()))


def test_a_row_links_to_the_item_and_shows_its_kind_date_subjects_csc_and_ward():
    item = make_item(received_on=date(2026, 3, 4))
    item.department = DepartmentFactory(csc=item.csc, name="Ward 7")
    item.save()
    item.subjects.add(Subject.objects.create(name="Waiting"), Subject.objects.create(name="Pain"))
    html = rows_for(item)
    assert f'<a href="/feedback/{item.reference_slug}/">{item.reference}</a>' in html
    # One span holds each cell's content, so a phone's stacked table keeps it together.
    assert 'aria-hidden="true">Reference </span><span><a href=' in html
    assert '<span class="nhsuk-body-s">Formal complaint</span>' in html
    assert "4 Mar 2026" in html
    assert "Waited four hours for pain relief" in html
    assert {"Waiting, Pain", "Pain, Waiting"} & {
        part.split("</span>")[0] for part in html.split('<span class="nhsuk-body-s">')
    }
    assert "Medicine" in html
    assert "Ward 7" in html


def test_everything_typed_by_people_is_escaped():
    item = make_item(summary='<script>alert("x")</script> & more')
    item.subjects.add(Subject.objects.create(name="<b>Bold</b>"))
    html = rows_for(item)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_the_next_deadline_and_its_flag_for_an_open_complaint():
    today = timezone.localdate()
    waiting = make_item(received_on=today - timedelta(days=30))
    html = rows_for(waiting)
    assert f"Acknowledge by {waiting.acknowledge_by:%-d %b %Y}" in html
    assert 'nhsuk-tag--red">Acknowledgement overdue</strong>' in html
    assert f'nhsuk-tag--blue">{waiting.get_status_display()}</strong>' in html


def test_no_deadline_for_a_compliment_and_no_row_asks_the_database():
    compliment = make_item(kind=Kind.COMPLIMENT, summary="Lovely nurses")
    listed = list(FeedbackItem.objects.filter(pk=compliment.pk).for_list())
    now = today_context()  # the page reads the calendar once, before its rows
    with CaptureQueriesContext(connection) as captured:
        html = str(register_rows(listed, now))
    assert len(captured) == 0
    assert "Lovely nurses" in html
    assert "Acknowledge by" not in html
    assert "Respond by" not in html
    assert f">{compliment.get_status_display()}</strong>" in html  # its status, with no deadline
