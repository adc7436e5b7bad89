from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KnowledgeConfig(AppConfig):
    name = "skolekvalitet.knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from skolekvalitet.organisations.demo import DEMO_EXTENSIONS

        from . import demo
        from .catalogue_sync import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
        if demo.build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.build)
