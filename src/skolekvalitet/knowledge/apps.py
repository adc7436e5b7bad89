from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_save


class KnowledgeConfig(AppConfig):
    name = "skolekvalitet.knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from . import publishing
        from .catalogue_sync import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
        indicator = self.get_model("Indicator")
        pre_save.connect(publishing.note_catalogue_change, sender=indicator)
        post_save.connect(publishing.republish_after_catalogue_change, sender=indicator)
