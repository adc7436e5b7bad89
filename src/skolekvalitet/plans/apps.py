from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "skolekvalitet.plans"
    verbose_name = "Development plans"
