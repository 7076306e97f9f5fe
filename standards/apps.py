from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = "Customer care standards"

    def ready(self):
        from django.db.models.signals import post_save

        from careprog.models import CareStandard
        from standards import checks  # noqa: F401 - registers the period length check

        # Administrators change the framework in the Django admin (a core model): open
        # assessments follow at once. See standards.services.framework.
        post_save.connect(
            framework_changed, sender=CareStandard, dispatch_uid="standards_framework_follow"
        )


def framework_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: nothing to follow
        return
    from simple_history.models import HistoricalRecords

    from standards.services.framework import framework_follow

    # The administrator who changed the standard (in the admin, a request is under way) is
    # who changed the assessments too; loading reference data has no one.
    request = getattr(HistoricalRecords.context, "request", None)
    by = getattr(request, "user", None)
    framework_follow(standard=instance, by=by if getattr(by, "is_authenticated", False) else None)
