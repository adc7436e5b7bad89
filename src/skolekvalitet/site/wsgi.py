import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
application = get_wsgi_application()

from skolekvalitet.organisations.checks import refuse_demo_accounts  # noqa: E402

refuse_demo_accounts()
