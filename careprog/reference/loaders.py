"""Loaders for reference and demo data. Each is idempotent: a second run changes nothing."""

import random

from django.db import transaction

from careprog.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from careprog.models import (
    CareCriterion,
    CareStandard,
    ClinicalServiceCentre,
    Department,
    ExpectedBehaviour,
    StaffMember,
    User,
)
from careprog.reference.care_standards import BEHAVIOURS, CRITERIA, STANDARDS
from careprog.reference.organisation import CLINICAL_SERVICE_CENTRES
from careprog.roles import Role, ensure_role_groups

# Demo sign-ins, one per role (two CSC managers so CSC scoping can be seen).
DEMO_USERS = [
    ("pals", "Priya", "Shah", Role.PALS_OFFICER, []),
    ("manager.medicine", "Martin", "Cole", Role.CSC_MANAGER, ["med", "medel"]),
    ("manager.surgery", "Sarah", "Okafor", Role.CSC_MANAGER, ["surg"]),
    ("board", "Brian", "Hughes", Role.BOARD_MEMBER, []),
    ("panel", "Pat", "Lewis", Role.AWARDS_PANEL_MEMBER, []),
    ("admin", "Ada", "Morgan", Role.ADMINISTRATOR, []),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Emily",
    "Farid",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Laura",
    "Mohammed",
    "Nina",
    "Oliver",
    "Poppy",
    "Rhys",
    "Sophie",
    "Tom",
    "Zara",
]
LAST_NAMES = [
    "Adams",
    "Bennett",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hall",
    "Iqbal",
    "Jones",
    "Khan",
    "Lee",
    "Mitchell",
    "Nowak",
    "Owen",
    "Patel",
    "Reid",
    "Smith",
    "Taylor",
    "Walker",
]
JOBS = [
    ("Consultant", StaffMember.StaffGroup.MEDICAL),
    ("Specialty Doctor", StaffMember.StaffGroup.MEDICAL),
    ("Ward Sister", StaffMember.StaffGroup.NURSING),
    ("Staff Nurse", StaffMember.StaffGroup.NURSING),
    ("Healthcare Assistant", StaffMember.StaffGroup.SUPPORT),
    ("Physiotherapist", StaffMember.StaffGroup.AHP),
    ("Ward Clerk", StaffMember.StaffGroup.ADMIN),
    ("Porter", StaffMember.StaffGroup.ESTATES),
]
STAFF_PER_CSC = 12


def upsert(model, *, lookup: dict, values: dict):
    """Create the record, or update it only where a value differs.

    Unlike update_or_create this writes nothing when nothing changed, so loading twice adds
    no rows to the audit history.
    """
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if changed:
        for name in changed:
            setattr(record, name, values[name])
        record.save(update_fields=[*changed, "updated_at"])
    return record, False


@transaction.atomic
def load_reference_data() -> dict:
    """Role groups, Clinical Service Centres and their departments."""
    ensure_role_groups()
    counts = {"cscs": 0, "departments": 0}
    for code, name, departments in CLINICAL_SERVICE_CENTRES:
        csc, created = upsert(
            ClinicalServiceCentre, lookup={"code": code}, values={"name": name, "active": True}
        )
        counts["cscs"] += created
        for department_name, kind in departments:
            _, created = upsert(
                Department,
                lookup={"csc": csc, "name": department_name},
                values={"kind": kind, "active": True},
            )
            counts["departments"] += created
    counts["standards"] = load_care_standards()
    return counts


def load_care_standards() -> int:
    """The five criteria, 45 standards and the expected behaviours. Returns standards added."""
    added = 0
    criteria = {}
    for number, title in CRITERIA:
        criteria[number], _ = upsert(
            CareCriterion, lookup={"number": number}, values={"title": title}
        )
    positions: dict[int, int] = {}
    for number, numeral, text in STANDARDS:
        positions[number] = positions.get(number, 0) + 1
        _, created = upsert(
            CareStandard,
            lookup={"criterion": criteria[number], "numeral": numeral},
            values={"text": text, "position": positions[number]},
        )
        added += created
    values = {label: value for value, label in ExpectedBehaviour.Value.choices}
    for position, (value_label, text) in enumerate(BEHAVIOURS, start=1):
        upsert(
            ExpectedBehaviour,
            lookup={"text": text},
            values={"value": values[value_label], "position": position},
        )
    return added


@transaction.atomic
def load_demo_data() -> dict:
    """Fictional staff and one demo sign-in per role. Never for production."""
    counts = {"staff": 0, "users": 0}
    # A fixed seed so every run produces the same people: running twice changes nothing.
    rng = random.Random(2026)
    for csc in ClinicalServiceCentre.objects.order_by("code"):
        for number in range(STAFF_PER_CSC):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            job, group = rng.choice(JOBS)
            email = f"{first}.{last}.{csc.code}{number}@{DEMO_EMAIL_DOMAIN}".lower()
            _, created = upsert(
                StaffMember,
                lookup={"email": email},
                values={
                    "name": f"{first} {last}",
                    "job_title": job,
                    "staff_group": group,
                    "csc": csc,
                },
            )
            counts["staff"] += created

    from django.contrib.auth.models import Group

    for username, first, last, role, csc_codes in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
                "is_staff": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            counts["users"] += 1
        user.groups.set([Group.objects.get(name=role.label)])
        user.managed_cscs.set(ClinicalServiceCentre.objects.filter(code__in=csc_codes))
    return counts
