"""The only feedback pages open without signing in: the survey link sent with a final response
(single-use, reveals nothing about the complaint). Included at the site's root by careprog."""

from django.urls import path

from feedback.views.surveys import answer_survey

urlpatterns = [
    path("survey/<str:token>/", answer_survey, name="survey"),
]
