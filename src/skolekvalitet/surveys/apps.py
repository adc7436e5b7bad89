from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "skolekvalitet.surveys"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        from skolekvalitet.organisations.demo import DEMO_EXTENSIONS

        from . import demo

        if demo.build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.build)
