from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "skolekvalitet.surveys"
    verbose_name = "Self-assessment"

    def ready(self):
        from skolekvalitet.knowledge.models import NAMERS

        from .actions import import_title

        NAMERS["self-assessment"] = import_title
