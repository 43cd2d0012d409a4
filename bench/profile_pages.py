"""CPU milliseconds per request of the busiest pages, in process, with production settings.

Not a timed test: a reproducible measurement for before/after comparisons of rendering work.
The Django test client requests each page over a synthetic population
(``baclo.web.population.load_population``) in a SQLite file, with DEBUG off (the cached
template loader, as in production), and prints the median process CPU time per request::

    PYTHONPATH=src /work/main/.venv/bin/python bench/profile_pages.py --data /tmp/profile-pop
    PYTHONPATH=src /work/main/.venv/bin/python bench/profile_pages.py --data /tmp/profile-pop \
        --only charts --profile

``--data`` keeps the population for the next run (generation takes about a minute);
``--profile`` prints the cProfile functions with the most cumulative time for each page.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PAGES = ("today", "charts", "patients", "journal-put")
READY = "population-ready"


def configure(data: Path) -> None:
    """Production settings on a SQLite file in ``data``, before Django is imported."""
    os.environ.setdefault("BACLO_DEBUG", "0")
    os.environ.setdefault("BACLO_SECRET_KEY", "profile-pages-only")
    os.environ["BACLO_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "baclo.web.settings"
    import django

    django.setup()


def populate(data: Path, args: argparse.Namespace) -> None:
    """Collect the static files (the production storage needs their manifest), migrate and
    load the population unless ``data`` already holds one of these sizes."""
    from django.core.management import call_command

    from baclo.web.population import load_population

    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = f"{args.patients} {args.days} {args.linked}"
    marker = data / READY
    if marker.exists() and marker.read_text() == sizes:
        return
    call_command("migrate", verbosity=0)
    load_population(patients=args.patients, days=args.days, prescribers=2, linked=args.linked)
    marker.write_text(sizes)


def requests(args: argparse.Namespace) -> dict[str, Callable[[], int]]:
    """One function per page: it sends the request and returns the status code."""
    from django.test import Client

    from baclo.web.accounts.models import User
    from baclo.web.population import PATIENT_PREFIX, PRESCRIBER_PREFIX

    patient, prescriber = Client(), Client()
    patient.force_login(User.objects.filter(username__startswith=PATIENT_PREFIX).first())
    prescriber.force_login(User.objects.get(username=f"{PRESCRIBER_PREFIX}1"))
    day = dt.date.today().isoformat()
    entry = {
        "intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "16:30", "dose_mg": 30}],
        "craving": {"intensity": 3, "onset": "18:00"},
        "drinks": [{"kind": "wine"}],
        "side_effects": [{"kind": "somnolence", "severity": 1}],
        "mood": 6,
        "note": "",
    }
    return {
        "today": lambda: patient.get("/today/").status_code,
        "charts": lambda: patient.get("/charts/").status_code,
        "patients": lambda: prescriber.get("/patients/").status_code,
        "journal-put": lambda: (
            patient.put(
                f"/api/v1/journal/{day}", entry, content_type="application/json"
            ).status_code
        ),
    }


def cpu_ms(send: Callable[[], int], rounds: int) -> list[float]:
    """Process CPU time of each of ``rounds`` requests, after two warm-up requests."""
    for _ in range(2):
        status = send()
        if status not in (200, 201):
            raise SystemExit(f"unexpected HTTP {status}")
    spent = []
    for _ in range(rounds):
        start = time.process_time()
        send()
        spent.append((time.process_time() - start) * 1000)
    return spent


def profile(send: Callable[[], int], rounds: int, lines: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        send()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of the SQLite population (kept)")
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--linked", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--only", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="baclo-profile-"))
    data.mkdir(parents=True, exist_ok=True)
    configure(data)
    populate(data, args)
    pages = requests(args)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} requests per page")
    for name in args.only:
        spent = cpu_ms(pages[name], args.rounds)
        print(
            f"{name:12} median {statistics.median(spent):7.1f} ms"
            f"  min {min(spent):7.1f}  max {max(spent):7.1f}",
            file=sys.stdout,
            flush=True,
        )
        if args.profile:
            print(profile(pages[name], args.rounds, args.lines))


if __name__ == "__main__":
    main()
