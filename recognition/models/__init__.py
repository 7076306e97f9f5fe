from recognition.models.choices import Consent, Frequency, Stage
from recognition.models.nominations import (
    ConflictDeclaration,
    CriterionScore,
    Nomination,
    ScoreSheet,
)
from recognition.models.rounds import AwardCategory, AwardRound, ScoringCriterion
from recognition.models.thanks import ThankYou

__all__ = [
    "AwardCategory",
    "AwardRound",
    "ConflictDeclaration",
    "Consent",
    "CriterionScore",
    "Frequency",
    "Nomination",
    "ScoreSheet",
    "ScoringCriterion",
    "Stage",
    "ThankYou",
]
