"""Build one month's board pack now, in this process, and print where the file is."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.models import PackStatus
from reports.services import PackError, find_csc, pack_build, pack_file, pack_request, parse_month


def refusal(error: PackError) -> str:
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Build the board pack for a month (trust-wide, or one CSC's with --csc) without Celery. "
        "The last line printed is the path of the PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, metavar="YYYY-MM", help="e.g. 2026-10")
        parser.add_argument("--csc", metavar="CODE", help="a CSC's code, for that CSC's pack")

    def handle(self, *args, month: str, csc: str | None, **options):
        try:
            chosen = find_csc(csc)
            pack, created = pack_request(month=parse_month(month), csc=chosen, queue=False)
        except PackError as error:
            raise CommandError(refusal(error)) from None
        if not created:
            asked = timezone.localtime(pack.requested_at)
            raise CommandError(
                f"{pack} is already {pack.get_status_display().lower()} (asked for at "
                f"{asked:%H:%M on %d %B %Y}): wait for it to finish rather than build it twice."
            )
        self.stdout.write(f"Building {pack}…")
        built = pack_build(pack.pk)
        if built is None or built.status != PackStatus.READY:
            reason = built.error if built else "another process took the build"
            raise CommandError(f"{pack} was not built. {reason}")
        self.stdout.write(f"SHA-256 {built.sha256}, {built.size:,} bytes")
        self.stdout.write(str(pack_file(built)))
