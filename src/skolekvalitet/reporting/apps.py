from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "skolekvalitet.reporting"
    verbose_name = "Status report"

    def ready(self) -> None:
        from skolekvalitet.organisations.demo import DEMO_EXTENSIONS

        from . import demo

        if demo.build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.build)
