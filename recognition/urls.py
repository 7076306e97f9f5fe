from django.urls import path

from recognition.views import panel, rounds, thanks

app_name = "recognition"

urlpatterns = [
    path("", rounds.index, name="index"),
    path("thank/", thanks.thank_you_new, name="thank"),
    path("wall/", thanks.wall_page, name="wall"),
    path("thank-yous/<int:pk>/", thanks.thank_you_card, name="thank_you"),
    path("thank-yous/<int:pk>/hide/", thanks.hide, name="hide"),
    path("compliments/<slug:reference>/", thanks.from_compliment, name="from_compliment"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/nominate/", rounds.nominate, name="nominate"),
    path("rounds/<int:pk>/publish/", rounds.publish, name="publish"),
    path("nominations/<int:pk>/", panel.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/score/", panel.score, name="score"),
    path("nominations/<int:pk>/conflict/", panel.conflict, name="conflict"),
    path("nominations/<int:pk>/consent/", panel.consent, name="consent"),
    path("nominations/<int:pk>/shortlist/", panel.shortlist, name="shortlist"),
    path("nominations/<int:pk>/winner/", panel.winner, name="winner"),
    path("nominations/<int:pk>/certificate.pdf", rounds.certificate, name="certificate"),
]
