"""Refuse to run in production with demo accounts (password «demo») present."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


def demo_accounts_present() -> bool:
    from .models import Person

    try:
        return Person.objects.filter(is_demo=True).exists()
    except DatabaseError:  # no tables yet
        return False


@register(deploy=True)
def check_no_demo_accounts(app_configs=None, **kwargs):
    if not settings.ALLOW_DEMO_ACCOUNTS and demo_accounts_present():
        return [
            Error(
                "Demo accounts exist in this database.",
                hint="Use a fresh database in production, or delete the demo owner.",
                id="skolekvalitet.E001",
            )
        ]
    return []


def refuse_demo_accounts() -> None:
    """Called when the production server starts (wsgi.py)."""
    if not settings.ALLOW_DEMO_ACCOUNTS and demo_accounts_present():
        raise SystemExit(
            "Refusing to start: demo accounts (password «demo») exist in this "
            "database and ALLOW_DEMO_ACCOUNTS is off."
        )
