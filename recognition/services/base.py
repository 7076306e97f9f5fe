"""What every recognition service shares."""

from django.core.exceptions import ValidationError

from careprog.audit import save_audited

__all__ = ["RecognitionError", "save_audited"]


class RecognitionError(ValidationError):
    """A change the rules of recognition do not allow; the message says why."""
