from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "skolekvalitet.surveys"
    verbose_name = "Self-assessment"
