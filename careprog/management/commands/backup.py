from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careprog.backups import BackupError
from careprog.backups.dump import backup_create
from careprog.wording import plural


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into a new folder, with a "
        "manifest of row counts and checksums. Restore it with manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            type=Path,
            help="a new or empty folder for this backup, e.g. /srv/backups/careprog-2026-05-01",
        )

    def handle(self, *args, folder: Path, **options):
        try:
            contents = backup_create(destination=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = contents["row_counts"]
        self.stdout.write(
            f"Backed up {plural(len(counts), 'table')} ({plural(sum(counts.values()), 'row')}) "
            f"and {plural(len(contents['media']), 'uploaded file')} to {folder.absolute()}."
        )
