"""Fill the register with synthetic feedback at scale, for the benchmarks (docs/performance.md).

python manage.py seed_volume --items 1000000 [--years 10] [--seed 1]
"""

from django.core.management.base import BaseCommand, CommandError

from reports.volume.seed import RealDataPresent, seed_volume


class Command(BaseCommand):
    help = "Add N synthetic feedback items (deterministic with --seed), for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, required=True)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--allow-existing-data",
            action="store_true",
            help="Seed even though the database holds items seed_volume did not make",
        )

    def handle(self, *args, items, years, seed, allow_existing_data, **options):
        try:
            summary = seed_volume(
                items=items,
                years=years,
                seed=seed,
                allow_existing=allow_existing_data,
                stdout=self.stdout if options["verbosity"] > 1 else None,
            )
        except (RealDataPresent, ValueError) as error:
            raise CommandError(str(error)) from error
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(summary.by_kind.items()))
        self.stdout.write(
            f"Seeded {summary.items:,} items ({kinds}); {summary.open_items:,} open; "
            f"{summary.events:,} timeline events; {summary.learning_actions:,} learning actions; "
            f"{summary.assessments:,} standards assessments ({summary.assessment_lines:,} lines, "
            f"{summary.evidence:,} evidence, {summary.improvement_actions:,} improvement "
            f"actions); {summary.thank_yous:,} thank-yous; {summary.award_rounds:,} new award "
            f"rounds, {summary.nominations:,} nominations ({summary.score_sheets:,} score sheets)"
        )
