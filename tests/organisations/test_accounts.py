from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_logs_in_and_out(world, client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": world.admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_it_locks_out_after_repeated_failures(world, client, settings):
    client.cookies["django_language"] = "en"
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(reverse("login"), {"username": world.admin.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": world.admin.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_it_sends_a_password_reset_link(world, client):
    client.post(reverse("password_reset"), {"email": world.teacher_a.email})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_it_expires_sessions(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_it_hashes_passwords_with_argon2():
    from skolekvalitet.site import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_applies_the_owners_default_language(world, login):
    body = login(world.outsider, language=None).get(reverse("home")).content.decode()
    assert 'lang="nn"' in body and "Velkomen" in body


def test_it_lets_a_person_switch_language(world, login):
    client = login(world.outsider, language=None)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Welcome" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert "Velkommen" in client.get(reverse("home")).content.decode()


def test_it_sends_a_strict_content_security_policy(client, db):
    csp = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp


def test_it_translates_every_message_into_bokmal_and_nynorsk():
    from pathlib import Path

    import polib

    import skolekvalitet

    locale = Path(skolekvalitet.__file__).parent / "locale"
    for lang in ("nb", "nn"):
        po = polib.pofile(str(locale / lang / "LC_MESSAGES" / "django.po"))
        assert po.untranslated_entries() == [] and po.fuzzy_entries() == [], lang
        mo = locale / lang / "LC_MESSAGES" / "django.mo"
        assert len(polib.mofile(str(mo))) == len(po.translated_entries()), f"{lang}: compile .mo"


def test_it_has_every_simple_message_in_the_catalogues():
    """A guard without gettext: `{% translate "…" %}` in templates and `_("…")` calls in Python
    must be in the .po files."""
    import ast
    import re
    from pathlib import Path

    import polib

    import skolekvalitet

    root = Path(skolekvalitet.__file__).parent
    pattern = re.compile(r"""\{% translate (["'])(.+?)\1""")
    found = set()
    for path in root.rglob("*"):
        if path.suffix in (".html", ".txt"):
            found |= {m[1] for m in pattern.findall(path.read_text(encoding="utf-8"))}
        elif path.suffix == ".py" and "migrations" not in path.parts:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "_"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    catalogue = polib.pofile(str(root / "locale" / "nn" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid.replace("%%", "%") for e in catalogue} | {e.msgid for e in catalogue}
    assert sorted(found - known) == []
