from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careprog.backups import BackupError
from careprog.backups.restore import backup_restore
from careprog.wording import plural


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into the configured database and "
        "MEDIA_ROOT, then check every table's row count and every file's checksum against it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup's folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "restore even though the database or MEDIA_ROOT already holds data: every table "
                "in the backup is replaced, and uploaded files of the same name are overwritten"
            ),
        )

    def handle(self, *args, backup: Path, replace: bool, **options):
        try:
            restored = backup_restore(source=backup, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {plural(restored.tables, 'table')} ({plural(restored.rows, 'row')}) and "
            f"{plural(restored.files, 'uploaded file')} from {backup.absolute()}. Every table's "
            "row count and every file's checksum matches the backup."
        )
        for note in restored.notes:
            self.stdout.write(note)
