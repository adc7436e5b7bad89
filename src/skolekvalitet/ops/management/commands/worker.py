"""`skolekvalitet worker`: run queued background tasks (report files, reminders) until stopped.

The database queue's worker (django-tasks-db's `db_worker`) under the project's name; every option
of it works here (`--help`). Run one or more next to the app processes in production; stop it with
SIGTERM and it finishes the task it is running first."""

import sys

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from skolekvalitet.ops.health import uses_worker


class Command(DatabaseWorker):
    help = "Run queued background tasks (report files, reminders) until stopped."

    def run_from_argv(self, argv):
        if not uses_worker():
            self.stderr.write(
                "TASKS_BACKEND runs tasks in-process; there is no queue for a worker. "
                "Set TASKS_BACKEND=django_tasks_db.DatabaseBackend to use one."
            )
            sys.exit(1)
        super().run_from_argv(argv)
