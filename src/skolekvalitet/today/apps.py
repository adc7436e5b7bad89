from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "skolekvalitet.today"
    verbose_name = "Start page"
