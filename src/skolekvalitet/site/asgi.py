import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
application = get_asgi_application()

from skolekvalitet.organisations.checks import refuse_demo_accounts  # noqa: E402

refuse_demo_accounts()
