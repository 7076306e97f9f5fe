"""Fixed lists of the feedback domain (those a trust would change are reference models)."""

from datetime import date

from django.db import models


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "Formal complaint"
    PALS = "pals", "PALS contact"
    COMPLIMENT = "compliment", "Compliment"
    COMMENT = "comment", "Comment or suggestion"


# Prefix of each kind's reference, e.g. COMP/2026/00088.
REFERENCE_PREFIX = {
    Kind.COMPLAINT: "COMP",
    Kind.PALS: "PALS",
    Kind.COMPLIMENT: "PLAU",
    Kind.COMMENT: "COMM",
}


class Status(models.TextChoices):
    # Formal complaints
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    RESPONSE_DRAFTED = "response_drafted", "Response drafted"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    RESPONSE_SENT = "response_sent", "Response sent"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # PALS contacts
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    ESCALATED = "escalated", "Escalated to complaint"
    # Compliments
    SHARED = "shared", "Shared with staff"


INITIAL_STATUS = {
    Kind.COMPLAINT: Status.RECEIVED,
    Kind.PALS: Status.OPEN,
    Kind.COMPLIMENT: Status.RECEIVED,
    Kind.COMMENT: Status.RECEIVED,
}

# Statuses in which a complaint is still being worked on (deadlines and flags apply).
OPEN_COMPLAINT_STATUSES = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.UNDER_INVESTIGATION,
    Status.RESPONSE_DRAFTED,
    Status.AWAITING_SIGN_OFF,
]
# Open and acknowledged: the handling plan is agreed at acknowledgement, and updates are due
# until the response is sent.
PLANNED_STATUSES = [status for status in OPEN_COMPLAINT_STATUSES if status != Status.RECEIVED]
# Statuses in which any item still needs someone to act.
OPEN_STATUSES = [*OPEN_COMPLAINT_STATUSES, Status.OPEN]
FINISHED_STATUSES = [
    Status.RESPONSE_SENT,
    Status.CLOSED,
    Status.WITHDRAWN,
    Status.RESOLVED,
    Status.ESCALATED,
    Status.SHARED,
]


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    WEB_FORM = "web_form", "Web form"
    MP = "mp", "MP's office"
    SOLICITOR = "solicitor", "Solicitor"
    SOCIAL_MEDIA = "social_media", "Social media"
    CARD = "card", "Card or gift"


class RaisedBy(models.TextChoices):
    PATIENT = "patient", "Patient"
    RELATIVE = "relative", "Relative or carer"
    REPRESENTATIVE = "representative", "Representative (advocate, solicitor)"
    MP = "mp", "MP on behalf of a constituent"
    STAFF = "staff", "Member of staff"
    ANONYMOUS = "anonymous", "Anonymous"


class AgeBand(models.TextChoices):
    # KO41a age bands of the patient.
    AGE_0_17 = "0-17", "0 to 17"
    AGE_18_64 = "18-64", "18 to 64"
    AGE_65_74 = "65-74", "65 to 74"
    AGE_75_84 = "75-84", "75 to 84"
    AGE_85_PLUS = "85+", "85 and over"
    UNKNOWN = "unknown", "Unknown"


class ComplainantStatus(models.TextChoices):
    # KO41a status of complainant.
    PATIENT = "patient", "Patient"
    ON_BEHALF = "on_behalf", "Someone on behalf of the patient"
    UNKNOWN = "unknown", "Unknown"


def age_band_on(born: date, on: date) -> str:
    """The KO41a age band of someone born on ``born``, on the day ``on``."""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upper, band in ((18, AgeBand.AGE_0_17), (65, AgeBand.AGE_18_64), (75, AgeBand.AGE_65_74)):
        if age < upper:
            return band
    return AgeBand.AGE_75_84 if age < 85 else AgeBand.AGE_85_PLUS


# Who raised it says whose complaint it is, for KO41a; staff and anonymous say nothing of it.
COMPLAINANT_STATUS_BY_RAISER = {
    "patient": ComplainantStatus.PATIENT,
    "relative": ComplainantStatus.ON_BEHALF,
    "representative": ComplainantStatus.ON_BEHALF,
    "mp": ComplainantStatus.ON_BEHALF,
}


class Severity(models.TextChoices):
    GREEN = "green", "Green (low)"
    AMBER = "amber", "Amber (moderate)"
    RED = "red", "Red (serious)"


class Consent(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    PENDING = "pending", "Pending"
    OBTAINED = "obtained", "Obtained"
    REFUSED = "refused", "Refused"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTIALLY_UPHELD = "partially_upheld", "Partially upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class PhsoOutcome(models.TextChoices):
    NOT_INVESTIGATED = "not_investigated", "Not investigated by the PHSO"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
