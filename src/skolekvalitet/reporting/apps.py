from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "skolekvalitet.reporting"
    verbose_name = "Status report"
