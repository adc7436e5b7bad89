import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from skolekvalitet.ops.health import uses_worker


class Command(BaseCommand):
    help = (
        "Apply migrations and run the development server on http://127.0.0.1:8000, with a "
        "background worker beside it when tasks go to the database queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start `skolekvalitet worker`."
        )

    def handle(self, *args, addrport: str, no_worker: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        worker = None
        # The autoreloader runs this command again in a child (RUN_MAIN); start one worker only.
        if uses_worker() and not no_worker and os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "skolekvalitet.cli",
                    "worker",
                    "--interval",
                    "0.5",
                    "--no-reload",
                ]
            )
            self.stdout.write(f"Background worker started (process {worker.pid}).")
            # Stopped by a process manager (SIGTERM): still stop the worker, in `finally`.
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", addrport)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
