from django.core.management.base import BaseCommand

from skolekvalitet.dialogues.reminders import remind


class Command(BaseCommand):
    help = (
        "Send due reminders (meetings, tasks, follow-up agreements), tell staff that a staff "
        "questionnaire has opened, and close finished questionnaire rounds. Run daily."
    )

    def handle(self, *args, **options) -> None:
        result = remind.enqueue()
        self.stdout.write(f"Reminders enqueued ({result.id}).")
