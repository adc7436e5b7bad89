"""Applies the owner's default language for people who have not chosen one themselves."""

from django.conf import settings
from django.utils import translation

from . import access


class OwnerLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen and request.user.is_authenticated:
            owners = access.owners_for(request.user)
            if owners:
                translation.activate(owners[0].default_language)
                request.LANGUAGE_CODE = owners[0].default_language
        return self.get_response(request)
