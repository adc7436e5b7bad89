from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "skolekvalitet.dialogues"
    verbose_name = "Annual cycle of quality dialogues"

    def ready(self) -> None:
        from skolekvalitet.analysis import sheet

        from .overdue import overdue_agreements_by_school

        if overdue_agreements_by_school not in sheet.overdue_counters:
            sheet.overdue_counters.append(overdue_agreements_by_school)
