"""Django's sign-in forms, telling a person plainly why the demo password is refused."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from careprog.demo import demo_password_refused

REFUSAL_MESSAGE = (
    "The demo password cannot be used to sign in here. If it is your account's password, "
    "ask an administrator to set you a new one."
)


class RefusesDemoPassword:
    def clean(self):
        # Said for any username, known or not, so it tells no one which accounts exist. The
        # authentication backend refuses it as well, for every other way in.
        if demo_password_refused(self.cleaned_data.get("password")):
            raise ValidationError(REFUSAL_MESSAGE, code="demo_password")
        return super().clean()


class SignInForm(RefusesDemoPassword, AuthenticationForm):
    pass


class AdminSignInForm(RefusesDemoPassword, AdminAuthenticationForm):
    pass
