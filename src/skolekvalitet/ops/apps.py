from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "skolekvalitet.ops"
    verbose_name = "Operations"
