from django.core.management.base import BaseCommand

from careprog.reference.loaders import load_reference_data


class Command(BaseCommand):
    help = "Load role groups and the trust's Clinical Service Centres and departments."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            f"Reference data loaded: {counts['cscs']} new CSCs, "
            f"{counts['departments']} new departments."
        )
