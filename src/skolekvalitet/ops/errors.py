"""A page for a wrong method: Django answers 405 with an empty body (a link followed to a URL that
only takes a form's POST, say). Only empty answers are replaced: the API's JSON stays as it is."""

from django.http import HttpRequest, HttpResponse
from django.template import loader


class MethodNotAllowedPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = loader.render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
