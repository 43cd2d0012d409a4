"""One locust user class per measured endpoint; ``bench/load/run.py`` runs them one at a time.

Patients are drawn from the synthetic population (``baclo demo --population``): each simulated
client logs in once through the login page (session and CSRF cookies, as a browser does) and then
repeats its one request. ``LOAD_PATIENTS`` tells how many ``load-patient-N`` accounts exist.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re

from locust import HttpUser, constant, task

PASSWORD = "baclo-demo-2026"  # the demo and synthetic accounts' password (demo data only)
PATIENTS = int(os.environ.get("LOAD_PATIENTS", "2000"))
PRESCRIBER = os.environ.get("LOAD_PRESCRIBER", "load-prescriber-01")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def patient_name(number: int) -> str:
    return f"load-patient-{number:0{len(str(PATIENTS))}d}"


def log_in(user: HttpUser, username: str) -> None:
    """Log in through the page, as a browser does: GET the form, POST it with its CSRF token."""
    page = user.client.get("/accounts/login/", name="(log in)")
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    answer = user.client.post(
        "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": f"{user.host}/accounts/login/"},
        name="(log in)",
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login of {username} answered {answer.status_code}")


class Client(HttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        log_in(self, patient_name(random.randint(1, PATIENTS)))

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host}


class Floor(HttpUser):
    wait_time = constant(0)

    @task
    def floor(self) -> None:
        self.client.get("/load-bench/floor", name="floor")


class Login(HttpUser):
    wait_time = constant(0)

    @task
    def login(self) -> None:
        self.client.cookies.clear()
        log_in(self, patient_name(random.randint(1, PATIENTS)))


class Today(Client):
    @task
    def today(self) -> None:
        self.client.get("/today/", name="today")


class JournalPut(Client):
    @task
    def put(self) -> None:
        day = dt.date.today() - dt.timedelta(days=random.randint(0, 6))
        entry = {
            "intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "16:30", "dose_mg": 30}],
            "craving": {"intensity": random.randint(0, 6), "onset": "18:00"},
            "drinks": [{"kind": "wine"}] * random.randint(0, 2),
            "side_effects": [{"kind": "somnolence", "severity": 1}],
            "mood": 6,
            "note": "",
        }
        self.client.put(
            f"/api/v1/journal/{day.isoformat()}",
            json=entry,
            headers=self.csrf_headers(),
            name="journal PUT",
        )


class Charts(Client):
    @task
    def charts(self) -> None:
        self.client.get("/charts/", name="charts")


class Triage(Client):
    def on_start(self) -> None:
        log_in(self, PRESCRIBER)

    @task
    def patients(self) -> None:
        self.client.get("/patients/", name="prescriber list")


class Simulate(Client):
    @task
    def simulate(self) -> None:
        intakes = [
            {"time": "08:00", "dose_mg": 20},
            {"time": "13:00", "dose_mg": 30},
            {"time": "16:30", "dose_mg": random.choice([30, 40, 50])},
        ]
        self.client.post(
            "/api/v1/pk/simulate",
            json={"intakes": intakes, "days": 7},
            headers=self.csrf_headers(),
            name="PK simulate",
        )
