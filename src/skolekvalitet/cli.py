"""The `skolekvalitet` command: Django's management commands with the project's settings.

skolekvalitet demo      create or refresh the demo owner and print its logins
skolekvalitet serve     run the development server on http://127.0.0.1:8000 (and a worker)
skolekvalitet worker    run queued background tasks (report files, reminders) until stopped
skolekvalitet backup --owner SLUG FILE / restore FILE    one owner's data out and back in
skolekvalitet publish [--owner SLUG]   work out the published figures again after an upgrade
skolekvalitet imports --owner SLUG     the owner's imports: who, when, what, and whether undoable
skolekvalitet undo-import ID --owner SLUG [--yes]   undo an import (asks first without --yes)
skolekvalitet <django command> ...
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
