from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "skolekvalitet.dialogues"
    verbose_name = "Annual cycle of quality dialogues"
