"""What people write about: the shape of a demo item's text, and its tags."""

from dataclasses import dataclass

from careprog.models import StaffMember

# --- What people write about --------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One kind of feedback the trust hears.

    Filled in: {name} the department or ward, {place} the same as it reads in a sentence ("the
    Labour Ward"), {at} with its preposition ("on the Labour Ward", "at the Falls Clinic"),
    {staff} the staff named. ``from_relative``: raised by a relative or carer; ``patient``:
    "woman", "man", "girl" or "boy" when the text says which; ``names_staff``: a complaint or
    PALS contact about named staff (compliments always name them); ``may_escalate``: a PALS
    contact that sometimes becomes a formal complaint.

    ``where`` limits it to CSC codes or department names (empty: anywhere). ``standards`` are
    care standard codes such as "2.viii"; ``behaviours`` are words from one expected
    behaviour each. ``follow_up`` is a PALS resolution or a complaint's learning action.
    """

    summary: str
    description: str
    subjects: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    follow_up: str = ""
    where: tuple[str, ...] = ()
    from_relative: bool = False
    patient: str = ""
    names_staff: bool = False
    may_escalate: bool = False


NURSING = "Nursing, midwifery and health visiting"
ADMIN = "Trust administrative staff"
NOT_WARDS = ("clinic", "department")
APPOINTMENTS = ("clinic", "Outpatients Department", "Radiology")
Group = StaffMember.StaffGroup
# The staff directory's groups behind each KO41a profession.
PROFESSION_GROUPS = {
    "Medical": [Group.MEDICAL],
    NURSING: [Group.NURSING, Group.SUPPORT],
    "Allied health professionals": [Group.AHP],
    "Scientific, technical and professional": [Group.SCIENTIFIC],
    ADMIN: [Group.ADMIN],
    "Estates and ancillary": [Group.ESTATES],
}
