"""Applies the person's own language, else the owner's default, for people who have not
picked one in this browser (the language switch's cookie)."""

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
            language = request.user.language or (owners[0].default_language if owners else "")
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
