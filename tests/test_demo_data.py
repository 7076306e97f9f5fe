"""The demo `make run` loads, checked app by app. The whole demo takes seconds to load, so it
is loaded once here, and each app's checks (its ``demo_checks`` module) run against it."""

from django.test import TestCase

from feedback.tests.demo_checks import FeedbackDemoChecks, load_demo
from recognition.tests.demo_checks import RecognitionDemoChecks
from reports.tests.demo_checks import ReportsDemoChecks
from standards.tests.demo_checks import StandardsDemoChecks
from standards.tests.factories import this_period


class TestDemoData(
    FeedbackDemoChecks, StandardsDemoChecks, RecognitionDemoChecks, ReportsDemoChecks, TestCase
):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()
        cls.current = this_period()

    def load_again(self) -> str:
        return load_demo()
