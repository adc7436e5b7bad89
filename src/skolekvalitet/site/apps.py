from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "skolekvalitet.site"
    label = "site_"
    verbose_name = "Site"
