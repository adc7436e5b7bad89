"""My settings (Mine innstillingar): how a person gets notifications, and a way to their
language. The form posts to its own URL."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skolekvalitet.organisations.access import access_rule

from . import actions
from .models import Delivery, Kind, Preference


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery"]
        widgets = {"delivery": forms.RadioSelect}


def _page(request, form, status=200) -> HttpResponse:
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "kinds": [label for value, label in Kind.choices if value != "round"]},
        status=status,
    )


@require_safe
@access_rule("authenticated")
def my_settings(request: HttpRequest) -> HttpResponse:
    found = Preference.objects.filter(person=request.user).first()
    return _page(request, DeliveryForm(instance=found or Preference(delivery=Delivery.IMMEDIATE)))


@require_POST
@access_rule("authenticated")
def my_settings_save(request: HttpRequest) -> HttpResponse:
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    actions.set_delivery(request.user, form.cleaned_data["delivery"])
    messages.success(request, _("Your settings were saved."))
    return redirect("my_settings")
