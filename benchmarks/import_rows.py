"""A valid import file of any size, in the export's own layout, for timing the import.

python -m benchmarks.import_rows 100000 > var/bench/import-100000.csv

Every row passes the import's checks against the reference data `load_reference_data` loads
(its CSC codes, subjects and tiers): blank references, so each row takes a new one; every kind;
some subjects, NHS numbers and formula-like text, so no part of the checking is skipped.
Deterministic (a fixed seed), so two runs time the same file.
"""

import csv
import random
import sys
from datetime import date, timedelta

from feedback.csv_format import EXPORT_COLUMNS, protect_formula

# Valid NHS numbers (modulus 11 check digit), a few reused: the import does not mind.
NHS_NUMBERS = ["9434765919", "4010232137", "9990000018", "1234567881", ""]
# (kind, channel, raised_by, statuses it can have on import)
KINDS = [
    ("complaint", "letter", "relative", ["received", "acknowledged", "under_investigation"]),
    ("pals", "phone", "patient", ["open", "resolved"]),
    ("compliment", "card", "anonymous", ["received", "shared"]),
    ("comment", "web_form", "staff", ["received", "closed"]),
]
SUMMARIES = [
    "Waited four hours in the emergency department",
    "=SUM(A1:A2) printed on the appointment letter",
    "Thank you to the night team on ward 7",
    "Parking charges, again",
    '-5 stars for the food; "cold", they said',
]


def rows(count: int, *, seed: int = 14, today: date | None = None):
    """``count`` rows as dicts keyed by EXPORT_COLUMNS, written as the export writes cells."""
    # These need the apps loaded.
    from careprog.reference.organisation import CLINICAL_SERVICE_CENTRES
    from feedback.reference import SUBJECTS, TIERS

    chance = random.Random(seed)
    today = today or date.today()  # noqa: DTZ011 - any day near today will do
    cscs = [code for code, _, _ in CLINICAL_SERVICE_CENTRES]
    for number in range(count):
        kind, channel, raised_by, statuses = KINDS[number % len(KINDS)]
        received_on = today - timedelta(days=chance.randrange(1, 700))
        subjects = chance.sample(SUBJECTS, chance.randrange(0, 3))
        row = dict.fromkeys(EXPORT_COLUMNS, "")
        row.update(
            kind=kind,
            received_on=received_on.isoformat(),
            channel=channel,
            csc=chance.choice(cscs),
            subject="; ".join(subjects),
            summary=f"{chance.choice(SUMMARIES)} ({number})",
            description="First line, with a comma.\nSecond line." if number % 3 else "",
            nhs_number=chance.choice(NHS_NUMBERS),
            patient_name="Zoë O'Brien" if number % 2 else "",
            raised_by=raised_by,
            status=chance.choice(statuses),
        )
        if kind == "complaint":
            row["tier"] = chance.choice(TIERS)[0]
        yield {name: protect_formula(value) for name, value in row.items()}


def write(count: int, out, **options) -> None:
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows(count, **options))


def main() -> None:
    import django

    django.setup()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sys.stdout.reconfigure(newline="")
    write(count, sys.stdout)


if __name__ == "__main__":
    main()
