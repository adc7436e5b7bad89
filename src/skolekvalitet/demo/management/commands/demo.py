from django.core.management.base import BaseCommand

from skolekvalitet.demo import PASSWORD, SLUG, build_demo


class Command(BaseCommand):
    help = "Create or refresh the demo owner «Demo herad» (synthetic data) and print its logins."

    def handle(self, *args, **options):
        logins = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo owner '{SLUG}' is ready (synthetic data)."))
        self.stdout.write(
            f"Open http://127.0.0.1:8000 and log in as (password for all: {PASSWORD!r}):"
        )
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role} – {login.where}")
        self.stdout.write(
            "Every school also has accounts rektor.<school>, laerar1.<school>, "
            "tillitsvald.<school>, verneombod.<school>, elevrad.<school>, fau.<school> "
            "@demo.example; the larger schools (ovrebo, saetre, granhaug, bjorkely, "
            "heradshaugen) also inspektor.<school>."
        )
