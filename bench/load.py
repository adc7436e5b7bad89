"""Logged-in users against the production server: gunicorn (the documented worker settings) on
PostgreSQL, owners of 8, 40 and 200 schools × 10 years, 10 and 50 concurrent users with 2–8 s
think time. Prints p50/p95/p99 in ms, throughput and errors per page × owner size × users.

    createdb -h 127.0.0.1 -U postgres bench_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load \
        .venv/bin/python bench/load.py [--sizes 8 40 200 --users 10 50 --duration 60]

The database must be empty (it is migrated here). Pages: the owner overview, the explorer and the
report edit page (head of education), the data sheet and a meeting with its pack (principal), the
public report (anyone). The server runs with production settings (DEBUG=false) behind a simulated
TLS proxy (X-Forwarded-Proto), so sessions, CSRF and headers are as in production.
"""

import argparse
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict

import requests

sys.path.insert(0, os.path.dirname(__file__))
from _setup import django_on_fresh_database
from pages import owner_with_figures, percentile

PASSWORD = "bench-" + secrets.token_hex(4)
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
HEADERS = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{PORT}/"}


def owner_with_work(size: int, years: list, seed: int) -> dict:
    """An owner with figures, this year's annual cycle (meetings) and a published report."""
    from django.urls import reverse

    from skolekvalitet.dialogues import actions as dialogues
    from skolekvalitet.dialogues.models import Meeting
    from skolekvalitet.reporting import actions as reporting
    from skolekvalitet.reporting import published
    from skolekvalitet.reporting.models import ReportVersion, StatusReport

    owner, schools, admin, principal, _count = owner_with_figures(size, years, seed)
    for person in (admin, principal):
        person.set_password(PASSWORD)
        person.save()
    cycle = dialogues.create_cycle(admin, owner, years[-1])
    meeting = Meeting.objects.filter(event__cycle=cycle, school=schools[0]).first()
    report = StatusReport.objects.create(
        owner=owner,
        school_year=years[-1],
        language=owner.default_language,
        status=StatusReport.Status.PUBLISHED,
        public=True,
    )
    docs = published.documents_now(report)
    text = reporting.report_text(report, docs[report.language])
    version = ReportVersion.objects.create(report=report, number=1, text=text, saved_by=admin)
    published.freeze_copy(report, version, docs)
    year = years[-1].code
    return {
        admin.email: [
            ("overview", reverse("overview", args=[owner.slug])),
            ("explorer", reverse("explorer", args=[owner.slug]) + "?show=nt5_reading.5"),
            ("report edit", reverse("report_edit", args=[owner.slug, year])),
        ],
        principal.email: [
            ("data sheet", reverse("data_sheet", args=[owner.slug, schools[0].pk])),
            ("meeting", reverse("meeting", args=[owner.slug, schools[0].pk, meeting.pk])),
        ],
        "": [("public report", reverse("public_report", args=[owner.slug, year]))],
    }


def log_in(email: str) -> dict:
    """Cookies of a logged-in session (sent by hand: production cookies are Secure)."""
    if not email:
        return {}
    page = requests.get(f"{BASE}/accounts/login/", headers=HEADERS, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies = dict(page.cookies)
    answer = requests.post(
        f"{BASE}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={**HEADERS, "Cookie": _cookie_header(cookies)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, (email, answer.status_code)
    return {**cookies, **dict(answer.cookies)}


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def user(pages, cookies, think, until, results, rng) -> None:
    session = requests.Session()
    headers = {**HEADERS, "Cookie": _cookie_header(cookies)}
    time.sleep(rng.uniform(0, think[1]))  # users arrive spread out
    while time.monotonic() < until:
        name, url = rng.choice(pages)
        start = time.perf_counter()
        try:
            status = session.get(BASE + url, headers=headers, timeout=60).status_code
        except requests.RequestException:
            status = 0
        results[name].append((time.perf_counter() - start, status))
        time.sleep(rng.uniform(*think))


def run(personas: dict, users: int, duration: float, think) -> dict:
    logged_in = {email: log_in(email) for email in personas}
    results = defaultdict(list)
    until = time.monotonic() + duration
    threads = []
    emails = list(personas)
    for i in range(users):
        email = emails[i % len(emails)]
        rng = random.Random(i)
        thread = threading.Thread(
            target=user, args=(personas[email], logged_in[email], think, until, results, rng)
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return results


def server(workers: int) -> subprocess.Popen:
    """gunicorn with production settings and collected static files, as deployed."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_hex(32),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": tempfile.mkdtemp(),
    }
    manage = [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(manage, env=env, check=True)
    process = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "skolekvalitet.site.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        env=env,
    )
    for _ in range(100):
        try:
            requests.get(f"{BASE}/healthz/", timeout=2)
            return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 40, 200])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 8.0])
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    django_on_fresh_database()
    from django.db import connection

    from skolekvalitet.organisations.schoolyears import school_year_starting

    assert connection.vendor == "postgresql", "set DATABASE_URL to an empty PostgreSQL database"
    years = [school_year_starting(y) for y in range(2026 - args.years, 2026)]
    owners = {size: owner_with_work(size, years, seed) for seed, size in enumerate(args.sizes, 1)}
    connection.close()
    process = server(args.workers)
    try:
        print(
            f"gunicorn {args.workers} workers, PostgreSQL, {args.years} years, think time "
            f"{args.think[0]:g}–{args.think[1]:g} s, {args.duration:g} s per run"
        )
        print(
            f"{'page':<14} {'schools':>7} {'users':>5} {'requests':>8} {'p50 ms':>7} "
            f"{'p95 ms':>7} {'p99 ms':>7} {'req/s':>6} {'errors':>6}"
        )
        for size, personas in owners.items():
            for users in args.users:
                results = run(personas, users, args.duration, args.think)
                for name, rows in results.items():
                    times = [t for t, _status in rows]
                    errors = sum(1 for _t, status in rows if status != 200)
                    print(
                        f"{name:<14} {size:>7} {users:>5} {len(rows):>8} "
                        f"{statistics.median(times) * 1000:>7.0f} "
                        f"{percentile(times, 0.95) * 1000:>7.0f} "
                        f"{percentile(times, 0.99) * 1000:>7.0f} "
                        f"{len(rows) / args.duration:>6.2f} {errors:>6}"
                    )
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
