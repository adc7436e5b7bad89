from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class AnalysisConfig(AppConfig):
    name = "skolekvalitet.analysis"
    verbose_name = "Analysis"

    def ready(self) -> None:
        from skolekvalitet.knowledge.publishing import generation_published
        from skolekvalitet.organisations.models import School

        from . import published

        # Each school's analysis is worked out when its owner's figures are published
        # (knowledge never imports analysis) and when a school's grades change.
        generation_published.connect(published.on_publication, dispatch_uid="analysis")
        pre_save.connect(published.note_school_change, sender=School)
        post_save.connect(published.reanalyse_after_school_change, sender=School)
