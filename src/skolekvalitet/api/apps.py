from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "skolekvalitet.api"
    verbose_name = "Open API and open data"
