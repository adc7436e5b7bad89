from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "skolekvalitet.organisations"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
