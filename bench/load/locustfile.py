"""One locust user class per measured endpoint; ``bench/load/run.py`` runs them one at a time.

Patients are drawn from the synthetic population (``baclo demo --population``). The runner logs
the clients in through the login page before measuring and hands their cookies over in the JSON
file ``LOAD_SESSIONS`` (``{"patients": [cookies...], "prescriber": cookies}``), so that a short
run measures the endpoint, not twenty password hashes; without that file (a run by hand) each
client logs in at its start. ``LOAD_PATIENTS`` tells how many ``load-patient-N`` accounts exist.
The clients send their requests back to back, or about ``LOAD_PACE`` a second each when it is set.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, constant, task
from login import log_in

PATIENTS = int(os.environ.get("LOAD_PATIENTS", "2000"))
PRESCRIBER = os.environ.get("LOAD_PRESCRIBER", "load-prescriber-01")
SESSIONS = (
    json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text())
    if os.environ.get("LOAD_SESSIONS")
    else None
)
_next_session = itertools.count()
#: With ``LOAD_PACE`` set (the paced run), each client waits a random time of mean
#: 1 / ``LOAD_PACE`` s between its requests, exponentially distributed: independent users, whose
#: requests arrive at random moments rather than in step (a fixed pace kept the twenty clients in
#: step, so that each second twenty requests arrived at once); else back to back (saturation).
PACE = float(os.environ.get("LOAD_PACE", "0"))


def _think_time(user: HttpUser) -> float:
    return random.expovariate(PACE)


class Paced(HttpUser):
    """A paced client starts after a random delay too: the twenty clients start together, and
    their first requests would otherwise arrive at once."""

    abstract = True
    wait_time = _think_time if PACE else constant(0)

    def on_start(self) -> None:
        if PACE:
            gevent.sleep(random.expovariate(PACE))


def patient_name(number: int) -> str:
    return f"load-patient-{number:0{len(str(PATIENTS))}d}"


class Client(Paced):
    abstract = True

    def on_start(self) -> None:
        super().on_start()
        if SESSIONS is None:
            log_in(self.client, self.host, patient_name(random.randint(1, PATIENTS)))
        else:
            patients = SESSIONS["patients"]
            self.use(patients[next(_next_session) % len(patients)])

    def use(self, cookies: dict[str, str]) -> None:
        for name, value in cookies.items():
            self.client.cookies.set(name, value)

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host}

    def expect(self, method: str, path: str, name: str, *ok: int, **extra: Any) -> None:
        """One request that counts as an error unless answered with one of ``ok`` (200 by
        default): a lost session would otherwise be redirected to the login page and measured
        as a success."""
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **extra
        ) as answer:
            if answer.status_code not in (ok or (200,)):
                answer.failure(f"HTTP {answer.status_code}")


class Floor(Paced):
    @task
    def floor(self) -> None:
        self.client.get("/load-bench/floor", name="floor")


class Login(Paced):
    @task
    def login(self) -> None:
        self.client.cookies.clear()
        log_in(self.client, self.host, patient_name(random.randint(1, PATIENTS)), name="(log in)")


class Today(Client):
    @task
    def today(self) -> None:
        self.expect("GET", "/today/", "today")


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
        self.expect(
            "PUT",
            f"/api/v1/journal/{day.isoformat()}",
            "journal PUT",
            200,
            201,
            json=entry,
            headers=self.csrf_headers(),
        )


class Charts(Client):
    @task
    def charts(self) -> None:
        self.expect("GET", "/charts/", "charts")


class Triage(Client):
    def on_start(self) -> None:
        Paced.on_start(self)
        if SESSIONS is None:
            log_in(self.client, self.host, PRESCRIBER)
        else:
            self.use(SESSIONS["prescriber"])

    @task
    def patients(self) -> None:
        self.expect("GET", "/patients/", "prescriber list")


class Schedules(Client):
    abstract = True

    def post_schedule(self, intakes: list[dict[str, Any]], name: str) -> None:
        self.expect(
            "POST",
            "/api/v1/pk/simulate",
            name,
            json={"intakes": intakes, "days": 7},
            headers=self.csrf_headers(),
        )


class Simulate(Schedules):
    """Three schedules in rotation: after the first requests every answer is a cache hit, as
    when patients look at the curve of the schedule they already follow."""

    @task
    def simulate(self) -> None:
        intakes = [
            {"time": "08:00", "dose_mg": 20},
            {"time": "13:00", "dose_mg": 30},
            {"time": "16:30", "dose_mg": random.choice([30, 40, 50])},
        ]
        self.post_schedule(intakes, "PK simulate (3 schedules, cached)")


class SimulateNew(Schedules):
    """A schedule never asked before with each request (times to the minute, doses by 5 mg):
    the cache never answers, so this row measures the computation and its serialisation."""

    @task
    def simulate(self) -> None:
        minutes = sorted(random.sample(range(7 * 60, 23 * 60), 3))
        intakes = [
            {"time": f"{m // 60:02d}:{m % 60:02d}", "dose_mg": random.randrange(5, 55, 5)}
            for m in minutes
        ]
        self.post_schedule(intakes, "PK simulate (new schedule)")
