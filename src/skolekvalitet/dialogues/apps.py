from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "skolekvalitet.dialogues"
    verbose_name = "Annual cycle of quality dialogues"

    def ready(self) -> None:
        from skolekvalitet.organisations.demo import DEMO_EXTENSIONS

        from . import demo

        if demo.build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.build)
