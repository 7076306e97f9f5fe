from django.apps import AppConfig


class CareprogConfig(AppConfig):
    name = "careprog"
    verbose_name = "Trust organisation and access"
