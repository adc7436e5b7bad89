from django.core.management.base import BaseCommand

from skolekvalitet.dialogues.reminders import remind


class Command(BaseCommand):
    help = (
        "Send due reminders (meetings, tasks, follow-up agreements) and passed deadlines, tell "
        "staff that a staff questionnaire has opened, close finished questionnaire rounds and "
        "send the daily digest of notifications to those who chose one. Run daily."
    )

    def handle(self, *args, **options) -> None:
        result = remind.enqueue()
        self.stdout.write(f"Reminders enqueued ({result.id}).")
