"""The scale-out test's visitors, run by deploy/loadtest/run.py through locust.

Anonymous visitors browse and filter; officers and representatives log in through the login
form and read their pages; both write cooperation messages, officers save need drafts. Every
request and every write (with its unique marker) is recorded and written to
KOPA_LOADTEST_LOG when locust quits, so run.py can compute exact percentiles and find each
completed write in the database.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

FIXTURE = json.loads(Path(os.environ["KOPA_LOADTEST_FIXTURE"]).read_text())
RUN = os.environ["KOPA_LOADTEST_RUN"]
WAIT = [float(seconds) for seconds in os.environ.get("KOPA_LOADTEST_WAIT", "0.5,2").split(",")]
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LANGUAGE = "/lv"

requests: list[tuple] = []  # (start time, name, method, status, milliseconds, error)
writes: list[dict] = []
markers = itertools.count(1)
members = itertools.count(1)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@events.request.add_listener
def record_request(
    request_type, name, response_time, response=None, exception=None, start_time=None, **kwargs
):
    status = getattr(response, "status_code", 0) or 0
    error = None if exception is None else type(exception).__name__ + ": " + str(exception)[:200]
    requests.append((start_time or time.time(), name, request_type, status, response_time, error))


@events.quitting.add_listener
def write_log(environment, **kwargs):
    Path(os.environ["KOPA_LOADTEST_LOG"]).write_text(
        json.dumps({"requests": requests, "writes": writes})
    )


class Visitor(FastHttpUser):
    """Someone without an account: the home page, the directory with and without filters,
    enterprises, the needs board, needs and their matches, statistics."""

    weight = 6
    wait_time = between(*WAIT)

    def get(self, path: str, name: str):
        return self.client.get(path, name=name)

    @task(2)
    def home(self):
        self.get(f"{LANGUAGE}/", "home")

    @task(3)
    def directory(self):
        self.get(f"{LANGUAGE}/enterprises/?page={random.randint(1, 5)}", "directory")

    @task(4)
    def directory_filtered(self):
        query = random.choice(FIXTURE["directory_filters"])
        self.get(f"{LANGUAGE}/enterprises/{query}", "directory filtered")

    @task(4)
    def enterprise(self):
        self.get(f"{LANGUAGE}/enterprises/{random.choice(FIXTURE['enterprises'])}/", "enterprise")

    @task(2)
    def needs_board(self):
        query = random.choice(["", *FIXTURE["directory_filters"][:20]])
        self.get(f"{LANGUAGE}/needs/{query}", "needs board")

    @task(2)
    def need(self):
        self.get(f"{LANGUAGE}/needs/{random.choice(FIXTURE['needs'])}/", "need")

    @task(3)
    def need_matches(self):
        self.get(f"{LANGUAGE}/needs/{random.choice(FIXTURE['needs'])}/matches/", "need matches")

    @task(1)
    def municipality(self):
        slug = random.choice(FIXTURE["municipalities"])
        self.get(f"{LANGUAGE}/municipalities/{slug}/", "municipality")

    @task(1)
    def statistics(self):
        self.get(f"{LANGUAGE}/statistics/", "statistics")

    @task(1)
    def static_file(self):
        self.get(random.choice(FIXTURE["static"]), "static file")


class Member(FastHttpUser):
    """A person with an account: logs in once through the form, then stays logged in
    whichever app server answers."""

    abstract = True
    wait_time = between(*WAIT)
    people: list[dict] = []
    chosen = itertools.count()  # each subclass has its own, to take its people in turn

    def on_start(self):
        self.me = self.people[next(self.chosen) % len(self.people)]
        self.number = next(members)
        path = f"{LANGUAGE}/auth/login/"
        token = self.csrf_token(path, "login form")
        credentials = {"login": self.me["email"], "password": FIXTURE["password"]}
        with self.client.post(
            path,
            data=urlencode({**credentials, "csrfmiddlewaretoken": token}),
            headers={**FORM, "Referer": f"{self.host}{path}"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/auth/" in response.headers.get("Location", ""):
                response.failure(f"not logged in (HTTP {response.status_code})")

    def csrf_token(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        match = CSRF_TOKEN.search(response.text or "")
        return match.group(1) if match else ""

    def logged_in_page(self, path: str, name: str):
        """A page only the logged-in person sees: a redirect to the login form means the
        session was lost."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code == 302 and "/auth/login/" in r.headers.get("Location", ""):
                r.failure("logged out")
            elif r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            else:
                r.success()

    def write(self, kind: str, form_path: str, post_path: str, data: dict, name: str) -> None:
        """GET the form (for its CSRF token), POST it with a unique marker; record the
        POST's own status, without following the redirect."""
        marker = f"{RUN}-{self.number}-{next(markers)}"
        token = self.csrf_token(form_path, f"{name} form")
        payload = {
            key: value.replace("{marker}", marker) if isinstance(value, str) else value
            for key, value in data.items()
        }
        started = time.time()
        with self.client.post(
            post_path,
            data=urlencode({**payload, "csrfmiddlewaretoken": token}, doseq=True),
            headers={**FORM, "Referer": f"{self.host}{form_path}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            status = response.status_code or 0
            if status == 200:  # the form came back with errors: nothing was saved
                response.failure("form rejected")
            writes.append({"kind": kind, "marker": marker, "status": status, "time": started})

    @task(2)
    def dashboard(self):
        self.logged_in_page(f"{LANGUAGE}/account/", "dashboard")

    @task(1)
    def cooperation(self):
        if self.me["cooperations"]:
            pk = random.choice(self.me["cooperations"])
            self.logged_in_page(f"{LANGUAGE}/account/cooperations/{pk}/", "cooperation")

    @task(1)
    def message(self):
        if self.me["cooperations"]:
            pk = random.choice(self.me["cooperations"])
            self.write(
                "message",
                f"{LANGUAGE}/account/cooperations/{pk}/",
                f"{LANGUAGE}/account/cooperations/{pk}/messages/",
                {"text": "Load test message {marker}"},
                "write: message",
            )


class Officer(Member):
    """A municipal officer: their needs' matches, their municipality, new need drafts."""

    weight = 2
    people = FIXTURE["officers"]
    chosen = itertools.count()

    @task(3)
    def own_need_matches(self):
        pk = random.choice(self.me["needs"])
        self.logged_in_page(f"{LANGUAGE}/needs/{pk}/matches/", "need matches (officer)")

    @task(1)
    def municipality_manage(self):
        self.logged_in_page(
            f"{LANGUAGE}/account/municipalities/{self.me['municipality']}/", "municipality manage"
        )

    @task(1)
    def need_draft(self):
        path = f"{LANGUAGE}/account/municipalities/{self.me['municipality']}/needs/new/"
        data = {**self.me["need_form"], "title": "Load test need {marker}"}
        self.write("need", path, path, data, "write: need draft")


class Representative(Member):
    """A social enterprise's representative: the needs that fit, their enterprise."""

    weight = 2
    people = FIXTURE["representatives"]
    chosen = itertools.count()

    @task(3)
    def needs_for_enterprise(self):
        self.logged_in_page(
            f"{LANGUAGE}/account/enterprises/{self.me['enterprise']}/needs/", "needs that fit"
        )

    @task(1)
    def enterprise_manage(self):
        self.logged_in_page(
            f"{LANGUAGE}/account/enterprises/{self.me['enterprise']}/", "enterprise manage"
        )
