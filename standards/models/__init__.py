from standards.models.actions import ImprovementAction
from standards.models.assessments import Assessment, AssessmentLine
from standards.models.choices import MET_RATINGS, RATING_SCALE, Rating
from standards.models.evidence import Evidence

__all__ = [
    "MET_RATINGS",
    "RATING_SCALE",
    "Assessment",
    "AssessmentLine",
    "Evidence",
    "ImprovementAction",
    "Rating",
]
