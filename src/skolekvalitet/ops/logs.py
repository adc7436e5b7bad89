"""Structured logs: one JSON object per line on standard error (docs/reference/logging.md).

A middleware gives every request an id (the proxy's `X-Request-ID` when it is sane, else a new
one), sends it back in the `X-Request-ID` header and keeps it, with the person and the owner, in
context variables that the formatter adds to every line logged while the request runs. The worker
does the same for the job it runs."""

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
owner_slug: ContextVar[str | None] = ContextVar("owner_slug", default=None)
job_id: ContextVar[int | None] = ContextVar("job_id", default=None)

SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("skolekvalitet.request")


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", "user_id", "owner", "job_id", ...}`;
    keys without a value are left out; `exception` holds a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            "user_id": user_id.get(),
            "owner": owner_slug.get(),
            "job_id": job_id.get(),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps({k: v for k, v in entry.items() if v is not None}, default=str)

    converter = time.gmtime


@contextlib.contextmanager
def job_context(job: int, owner: str) -> Iterator[None]:
    tokens = (job_id.set(job), owner_slug.set(owner))
    try:
        yield
    finally:
        job_id.reset(tokens[0])
        owner_slug.reset(tokens[1])


class RequestIdMiddleware:
    """First in MIDDLEWARE: sets the request id; the person and the owner once they are known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if SANE_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        # Reset at the end: a WSGI thread serves the next request in the same context.
        tokens = [(request_id, request_id.set(rid)), (user_id, user_id.set(None))]
        tokens.append((owner_slug, owner_slug.set(None)))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            self._identify(request)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "fields": {
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000),
                    }
                },
            )
        finally:
            for var, token in reversed(tokens):
                var.reset(token)
        response["X-Request-ID"] = rid
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        """Called after authentication and URL resolution: now the person and owner are known,
        for lines the view itself logs (and for an error's traceback)."""
        self._identify(request)

    @staticmethod
    def _identify(request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        try:
            pk = getattr(user, "pk", None) if user is not None and user.is_authenticated else None
        except Exception:  # the session could not be read (database down): log without
            pk = None
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("slug") if match else None
        if pk is not None:
            user_id.set(pk)
        if slug:
            owner_slug.set(slug)
