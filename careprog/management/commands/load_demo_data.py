from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careprog.reference.loaders import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = "Load fictional staff and one demo sign-in per role (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DEBUG is off (a training copy, never live).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError("Demo data has known passwords: refused while DEBUG is off.")
        counts = load_demo_data()
        self.stdout.write(
            f"Demo data loaded: {counts['staff']} new staff, {counts['users']} new sign-ins."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD})")
        for username, first, last, role, csc_codes in DEMO_USERS:
            scope = f" for {', '.join(c.upper() for c in csc_codes)}" if csc_codes else ""
            self.stdout.write(f"  {username:<18} {role.label}{scope} ({first} {last})")
