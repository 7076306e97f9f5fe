from careprog.models.access import AccessAction, AccessRecord, RecordsCannotChange
from careprog.models.base import AuditedModel, HardDeleteForbidden
from careprog.models.calendar import ClosureDay
from careprog.models.care_standards import CareCriterion, CareStandard, ExpectedBehaviour
from careprog.models.organisation import ClinicalServiceCentre, Department, StaffMember
from careprog.models.users import User

__all__ = [
    "AccessAction",
    "AccessRecord",
    "AuditedModel",
    "CareCriterion",
    "CareStandard",
    "ClinicalServiceCentre",
    "ClosureDay",
    "Department",
    "ExpectedBehaviour",
    "HardDeleteForbidden",
    "RecordsCannotChange",
    "StaffMember",
    "User",
]
