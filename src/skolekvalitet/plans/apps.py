from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "skolekvalitet.plans"
    verbose_name = "Development plans"

    def ready(self) -> None:
        from skolekvalitet.organisations.demo import DEMO_EXTENSIONS

        from . import demo

        if demo.build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.build)
