from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "skolekvalitet.audit"
    verbose_name = "Audit log"
