from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "skolekvalitet.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from .log import record_admin_entry

        post_save.connect(record_admin_entry, sender=LogEntry, dispatch_uid="audit_admin_entry")
