from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "skolekvalitet.analysis"
    verbose_name = "Analysis"
