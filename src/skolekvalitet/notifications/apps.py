from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "skolekvalitet.notifications"
    verbose_name = "Notifications"
