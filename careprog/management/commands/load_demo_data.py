from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from careprog.reference.loaders import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = "Load fictional staff and one demo sign-in per role (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=(
                "Load even though DEBUG is off (a training copy, never live). Sign-in refuses "
                "the demo password while DEBUG is off: set each account's own password."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError("Demo data has known passwords: refused while DEBUG is off.")
        counts = load_demo_data()
        self.stdout.write(
            f"Demo data loaded: {counts['staff']} new staff, {counts['users']} new sign-ins."
        )
        # Each domain app may add demo records of its own (its demo.load()).
        for config in apps.get_app_configs():
            if config.name != "careprog" and module_has_submodule(config.module, "demo"):
                summary = import_module(f"{config.name}.demo").load()
                self.stdout.write(f"{config.verbose_name} demo data: {summary}")
        self.stdout.write("")
        if settings.DEBUG:
            self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD})")
        else:
            self.stdout.write(
                "Demo accounts (DEBUG is off, so the demo password will not sign in: set each "
                "one's own with manage.py changepassword USERNAME)"
            )
        for username, first, last, role, csc_codes in DEMO_USERS:
            scope = f" for {', '.join(c.upper() for c in csc_codes)}" if csc_codes else ""
            self.stdout.write(f"  {username:<18} {role.label}{scope} ({first} {last})")
