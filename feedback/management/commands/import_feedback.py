from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.importing import CsvFileError, decode, import_feedback


class Command(BaseCommand):
    help = (
        "Import feedback items from a CSV file (columns in docs/import-export.md). Every row "
        "is checked first: any error is reported with its row and column, and then nothing is "
        "saved. A valid file is saved 1,000 rows at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file, UTF-8 (Excel's 'CSV UTF-8' is fine)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the whole file and report, but save nothing",
        )

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}: check the name and folder.") from None
        except IsADirectoryError:
            raise CommandError(f"{file} is a folder: give the CSV file inside it.") from None
        except OSError as error:
            raise CommandError(f"{file} cannot be read: {error.strerror}.") from None
        try:
            text = decode(data)
        except CsvFileError as error:
            raise CommandError(f"{file}: {error}") from None

        result = import_feedback(text, dry_run=dry_run, source=path.name)
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(result.summary)
        self.stdout.write(result.summary)
