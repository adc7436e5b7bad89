"""A person's own language (pages and e-mails), on a small page of their own account. Empty
means the school owner's language. Saving also sets this browser's language choice, and the
header's language switch also saves it for a logged-in person, so it follows them to the next
log-in and to other devices."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as set_browser_language

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.access import access_rule, owners_for
from skolekvalitet.organisations.models import PERSON_LANGUAGES, Person


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        field.choices = [("", _("The school owner's language")), *PERSON_LANGUAGES]


@transaction.atomic
def set_language(person: Person, language: str) -> None:
    before = person.language
    person.language = language
    person.save(update_fields=["language"])
    for owner in owners_for(person):
        record(person, owner, "update", person, {"language": [before, language]})


def _page(request, form, status=200) -> HttpResponse:
    return render(request, "identity/language.html", {"form": form}, status=status)


@require_safe
@access_rule("authenticated")
def language(request: HttpRequest) -> HttpResponse:
    return _page(request, LanguageForm(instance=request.user))


@require_POST
@access_rule("authenticated")
def language_save(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST, instance=Person.objects.get(pk=request.user.pk))
    if not form.is_valid():
        return _page(request, form, status=400)
    chosen = form.cleaned_data["language"]
    set_language(request.user, chosen)
    owners = owners_for(request.user)
    shown = chosen or (owners[0].default_language if owners else "") or settings.LANGUAGE_CODE
    with translation.override(shown):  # said in the language just chosen
        messages.success(request, _("Your language was saved."))
    response = redirect("account_language")
    if chosen:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@require_POST
@access_rule("public_post")
def switch_language(request: HttpRequest) -> HttpResponse:
    """The header's switch: this browser's choice, and a logged-in person's own language."""
    response = set_browser_language(request)
    chosen = request.POST.get("language", "")
    person = request.user
    if person.is_authenticated and chosen in dict(PERSON_LANGUAGES) and chosen != person.language:
        set_language(person, chosen)
    return response
