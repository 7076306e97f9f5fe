from feedback.models.documents import DocumentKind, FeedbackDocument
from feedback.models.items import FeedbackItem
from feedback.models.process import (
    DeadlineChange,
    FeedbackEvent,
    InvestigationNote,
    LearningAction,
    ReferenceCounter,
)
from feedback.models.reference import Profession, ResponseTier, ServiceArea, Subject

__all__ = [
    "DeadlineChange",
    "DocumentKind",
    "FeedbackDocument",
    "FeedbackEvent",
    "FeedbackItem",
    "InvestigationNote",
    "LearningAction",
    "Profession",
    "ReferenceCounter",
    "ResponseTier",
    "ServiceArea",
    "Subject",
]
