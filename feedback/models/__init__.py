from feedback.models.compliment_emails import ComplimentEmail
from feedback.models.documents import DocumentKind, FeedbackDocument
from feedback.models.handling import (
    ComplaintIssue,
    ComplaintUpdate,
    ContactMethod,
    DigestSent,
    DigestSetting,
    ExperienceSurvey,
    Finding,
    LetterKind,
    LetterTemplate,
    StaffInvolvement,
    SurveyInvitation,
    SurveySource,
)
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
    "ComplaintIssue",
    "ComplaintUpdate",
    "ComplimentEmail",
    "ContactMethod",
    "DeadlineChange",
    "DigestSent",
    "DigestSetting",
    "DocumentKind",
    "ExperienceSurvey",
    "FeedbackDocument",
    "FeedbackEvent",
    "FeedbackItem",
    "Finding",
    "InvestigationNote",
    "LearningAction",
    "LetterKind",
    "LetterTemplate",
    "Profession",
    "ReferenceCounter",
    "ResponseTier",
    "ServiceArea",
    "StaffInvolvement",
    "Subject",
    "SurveyInvitation",
    "SurveySource",
]
