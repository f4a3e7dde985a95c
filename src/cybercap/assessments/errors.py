"""Rule violations the assessment services raise; the pages and the API turn them into messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cybercap.assessments.models import Rating


class AssessmentError(ValueError):
    """A request that breaks an assessment rule; the message says which, in the user's words."""

    status_code = 400


class IllegalTransition(AssessmentError):
    status_code = 409


class StaleEdit(AssessmentError):
    """Someone saved the rating first; `current` is what they saved (None: nothing saved)."""

    status_code = 409

    def __init__(self, message: str, current: Rating | None):
        super().__init__(message)
        self.current = current


class NotAllowed(AssessmentError):
    """The person may see the assessment but not do this to it."""

    status_code = 403
