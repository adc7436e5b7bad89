from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations and run the development server on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("runserver", addrport)
