from datetime import date

from django.core.management.base import BaseCommand, CommandError

from feedback.csv_format import parse_date, write_csv
from feedback.models import FeedbackItem
from feedback.models.choices import Kind


class Command(BaseCommand):
    help = (
        "Write feedback items as CSV to standard output (columns in docs/import-export.md), "
        "oldest logged first. The file holds patient-identifiable data: keep it safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", help=f"only this kind: {', '.join(Kind.values)}")
        parser.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="received on or after this date"
        )
        parser.add_argument(
            "--to", dest="end", metavar="YYYY-MM-DD", help="received on or before this date"
        )

    def handle(self, *args, kind: str | None, start: str | None, end: str | None, **options):
        if kind is not None and kind not in Kind.values:
            raise CommandError(f"--kind {kind} is not a kind: use one of {', '.join(Kind.values)}")
        start_on = _date("--from", start)
        end_on = _date("--to", end)
        if start_on and end_on and start_on > end_on:
            raise CommandError(f"--from {start} is after --to {end}: nothing could match.")

        items = FeedbackItem.objects.for_export().received_between(start_on, end_on)
        if kind:
            items = items.of_kind(kind)
        write_csv(items, self.stdout)


def _date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise CommandError(f"{option}: {error}.") from None
