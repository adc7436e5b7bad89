from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "skolekvalitet.demo"
    verbose_name = "Demo data"
