"""factory_boy factories for the shared core: CSCs, departments, staff and users by role."""

import factory
from django.contrib.auth.models import Group

from careprog.models import ClinicalServiceCentre, Department, StaffMember, User
from careprog.roles import Role, ensure_role_groups

TEST_PASSWORD = "correct-horse-battery-staple"


def _without_apostrophes(name: str) -> str:
    # Tests look for people's names in pages, where an apostrophe (O'Neill) is escaped: such a
    # test failed on the runs Faker chose one. Names with apostrophes are shown escaped on
    # purpose elsewhere (tests/test_hostile_text.py; "Zoë O'Brien" in the feedback tests).
    return name.replace("'", "")


class ClinicalServiceCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicalServiceCentre
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"csc{n}")
    name = factory.Sequence(lambda n: f"Service Centre {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    csc = factory.SubFactory(ClinicalServiceCentreFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    kind = Department.Kind.WARD


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    name = factory.LazyAttribute(lambda staff: _without_apostrophes(staff.any_name))
    job_title = "Staff Nurse"
    staff_group = StaffMember.StaffGroup.NURSING
    csc = factory.SubFactory(ClinicalServiceCentreFactory)
    email = factory.Sequence(lambda n: f"staff{n}@trust.nhs.invalid")

    class Params:
        any_name = factory.Faker("name", locale="en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``role=Role.X`` and, for CSC managers, ``cscs=[...]``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda user: _without_apostrophes(user.any_first_name))
    last_name = factory.LazyAttribute(lambda user: _without_apostrophes(user.any_last_name))
    email = factory.LazyAttribute(lambda u: f"{u.username}@trust.nhs.invalid")
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        any_first_name = factory.Faker("first_name", locale="en_GB")
        any_last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            ensure_role_groups()
            self.groups.add(Group.objects.get(name=Role(extracted).label))
            if extracted == Role.ADMINISTRATOR:
                self.is_staff = True
                self.save(update_fields=["is_staff"])

    @factory.post_generation
    def cscs(self, create, extracted, **kwargs):
        if extracted:
            self.managed_cscs.set(extracted)
