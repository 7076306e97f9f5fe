from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from careprog.reference.loaders import load_reference_data


class Command(BaseCommand):
    help = (
        "Load role groups, the trust's CSCs and departments, the customer care standards, and "
        "each app's own reference data (the app's reference.load()). Safe to run again."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            f"Core reference data: {counts['cscs']} new CSCs, "
            f"{counts['departments']} new departments, {counts['standards']} new standards."
        )
        # Each domain app may own reference data; the core finds it without importing the app.
        for config in apps.get_app_configs():
            if config.name != "careprog" and module_has_submodule(config.module, "reference"):
                summary = import_module(f"{config.name}.reference").load()
                self.stdout.write(f"{config.verbose_name}: {summary}")
