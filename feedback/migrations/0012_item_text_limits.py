"""Limits on an item's description and contact address, checked by the model's validators.

Django's TextField keeps no length in the database, so this changes no table: it only records
the validators, which full_clean runs for every service and the import."""

from django.db import migrations, models

import feedback.models.limits


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0011_stored_search_vector"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedbackitem",
            name="contact_address",
            field=models.TextField(
                blank=True,
                validators=[feedback.models.limits.TextLimit("Contact address", 1000)],
                verbose_name="contact address",
            ),
        ),
        migrations.AlterField(
            model_name="feedbackitem",
            name="description",
            field=models.TextField(
                blank=True, validators=[feedback.models.limits.TextLimit("Description", 20000)]
            ),
        ),
        migrations.AlterField(
            model_name="historicalfeedbackitem",
            name="contact_address",
            field=models.TextField(
                blank=True,
                validators=[feedback.models.limits.TextLimit("Contact address", 1000)],
                verbose_name="contact address",
            ),
        ),
        migrations.AlterField(
            model_name="historicalfeedbackitem",
            name="description",
            field=models.TextField(
                blank=True, validators=[feedback.models.limits.TextLimit("Description", 20000)]
            ),
        ),
    ]
