from careprog.models.base import AuditedModel, HardDeleteForbidden
from careprog.models.organisation import ClinicalServiceCentre, Department, StaffMember
from careprog.models.users import User

__all__ = [
    "AuditedModel",
    "ClinicalServiceCentre",
    "Department",
    "HardDeleteForbidden",
    "StaffMember",
    "User",
]
