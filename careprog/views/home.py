from django.shortcuts import render

from careprog.roles import Role

# Order in which a person holding several roles sees their sections.
ROLE_ORDER = [
    Role.PALS_OFFICER,
    Role.CSC_MANAGER,
    Role.AWARDS_PANEL_MEMBER,
    Role.BOARD_MEMBER,
    Role.ADMINISTRATOR,
]


def home(request):
    """Each role's home: a section per role the user holds, linking to what that role does."""
    user = request.user
    roles = [role for role in ROLE_ORDER if role in user.roles]
    managed = user.managed_cscs.order_by("name") if Role.CSC_MANAGER in roles else []
    return render(
        request,
        "careprog/home.html",
        {
            "role_sections": [f"careprog/home/{role.value}.html" for role in roles],
            "role_names": [role.label for role in roles],
            "managed_cscs": managed,
        },
    )
