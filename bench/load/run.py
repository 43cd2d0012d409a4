"""Load benchmark: the production server under 20 concurrent clients, each endpoint against a
bare-Django floor measured in the same run (``make bench-load``; ``--help`` for the options).

For each database (SQLite in WAL with synchronous=FULL, and a throw-away PostgreSQL with fsync on,
started by scripts/with-postgres.sh): migrate, load the demo and a synthetic population
(``baclo demo --population``), start gunicorn (2 sync workers) on 127.0.0.1, then run each
locust user class of ``locustfile.py`` for ``--seconds``, one after the other, and print req/s,
the ratio to the floor's req/s, p50/p95/p99, errors and the server's CPU time per request.
Traffic goes to 127.0.0.1 only; every run is bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
from login import log_in

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
USERS = ("Floor", "Login", "Today", "JournalPut", "Charts", "Triage", "Simulate", "SimulateNew")
FLOOR = "Floor"
#: Seconds of traffic before each measured run, not counted.
WARM_UP_S = 3
#: The workers are idle when they use less than IDLE_CPU_S of CPU in IDLE_PROBE_S.
IDLE_PROBE_S = 0.5
IDLE_CPU_S = 0.02


@dataclasses.dataclass(frozen=True)
class Result:
    name: str
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cpu_ms: float
    load: float
    #: Why nothing completed, when nothing did (the first error locust recorded).
    note: str = ""
    #: The same endpoint with each client pacing its requests (``--pace``), when measured.
    paced: Result | None = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def baclo(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "baclo"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_for(port: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server did not listen on 127.0.0.1:{port} within {timeout_s:.0f} s")


def server_cpu_s(master: psutil.Process) -> float:
    """CPU seconds used so far by the gunicorn workers (the master only supervises)."""
    total = 0.0
    for worker in master.children():
        times = worker.cpu_times()
        total += times.user + times.system
    return total


def locust(
    user: str, seconds: int, port: int, users: int, env: dict[str, str], prefix: Path
) -> None:
    """One headless locust run of ``user``'s class, its statistics in ``prefix``_stats.csv."""
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--exit-code-on-error",
            "0",
            user,
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "w"),  # noqa: SIM115 - closed with the process
        timeout=seconds + 120,
    )


def drain(master: psutil.Process, timeout_s: float = 120) -> None:
    """Wait until the workers are idle: when locust stops, the requests its clients had sent are
    still queued in the server (twenty password hashes after the login run), and the next run
    would measure them."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        before = server_cpu_s(master)
        time.sleep(IDLE_PROBE_S)
        if server_cpu_s(master) - before < IDLE_CPU_S:
            return


def run_user(
    user: str,
    port: int,
    args: argparse.Namespace,
    env: dict[str, str],
    work: Path,
    master: psutil.Process,
) -> Result:
    """Warm the endpoint up (each worker's first database connection, templates, caches), then
    measure it for ``args.seconds`` with the clients sending back to back (the throughput),
    then for ``args.paced_seconds`` with each client sending ``args.pace`` requests a second
    (the latency of a server that is not saturated, when it can serve that rate).

    The server's CPU per request counts from the start of the measured run until the server is
    idle again, over the completed requests plus the one each client still had in flight (the
    clients never wait between requests)."""
    locust(user, WARM_UP_S, port, args.users, env, work / f"{user}-warm-up")
    drain(master)
    prefix = work / user
    load = os.getloadavg()[0]
    before = server_cpu_s(master)
    locust(user, args.seconds, port, args.users, env, prefix)
    drain(master)
    cpu = server_cpu_s(master) - before
    result = read_result(prefix, user, cpu_s=cpu, in_flight=args.users, load=load)
    if not args.paced_seconds:
        return result
    paced = work / f"{user}-paced"
    before = server_cpu_s(master)
    locust(user, args.paced_seconds, port, args.users, {**env, "LOAD_PACE": str(args.pace)}, paced)
    drain(master)
    cpu = server_cpu_s(master) - before
    measured = read_result(paced, user, cpu_s=cpu, in_flight=0, load=load)
    return dataclasses.replace(result, paced=measured)


def read_result(prefix: Path, user: str, *, cpu_s: float, in_flight: int, load: float) -> Result:
    """The figures of one measured run from locust's ``prefix``_stats.csv. The server's CPU is
    shared over the completed requests plus the ``in_flight`` ones the clients still had sent
    when locust stopped; a login counts its page and its POST (the POST row). A run where no
    request completed (an endpoint slower than the run, or failing clients) gives a row saying
    why, and the benchmark goes on."""
    with open(f"{prefix}_stats.csv", newline="") as table:
        rows = [row for row in csv.DictReader(table) if row["Name"] != "Aggregated"]
    if user == "Login":
        rows = [row for row in rows if row["Type"] == "POST"]
    name = "login (page + POST)" if user == "Login" else rows[0]["Name"] if rows else user
    count = int(rows[0]["Request Count"]) if rows else 0
    if count == 0:
        nan = float("nan")
        return Result(name, 0, 0, 0.0, nan, nan, nan, nan, load, note=first_error(prefix))
    row = rows[0]
    return Result(
        name=name,
        requests=count,
        failures=int(row["Failure Count"]),
        rps=float(row["Requests/s"]),
        p50_ms=float(row["50%"]),
        p95_ms=float(row["95%"]),
        p99_ms=float(row["99%"]),
        cpu_ms=1000 * cpu_s / (count + in_flight),
        load=load,
    )


def first_error(prefix: Path) -> str:
    """The first error locust recorded: an exception in a client (a failed login, a refused
    connection) or else a failed request."""
    for suffix, column in (("exceptions", "Message"), ("failures", "Error")):
        path = Path(f"{prefix}_{suffix}.csv")
        if path.exists():
            with path.open(newline="") as table:
                rows = list(csv.DictReader(table))
            if rows:
                return rows[0][column].strip()
    return "no error recorded"


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--pythonpath",
            str(HERE),
            "--preload",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "loadbench_wsgi:application",
        ],
        env=env,
    )


def log_in_clients(port: int, args: argparse.Namespace, env: dict[str, str], work: Path) -> None:
    """Log ``args.users`` patients (spread over the population) and the first prescriber in
    through the login page; their cookies go to ``LOAD_SESSIONS`` for the locust clients."""
    host = f"http://127.0.0.1:{port}"
    width = len(str(args.patients))
    numbers = sorted({1 + index * args.patients // args.users for index in range(args.users)})
    sessions = {
        "patients": [
            log_in(requests.Session(), host, f"load-patient-{number:0{width}d}")
            for number in numbers
        ],
        "prescriber": log_in(requests.Session(), host, env["LOAD_PRESCRIBER"]),
    }
    path = work / "sessions.json"
    path.write_text(json.dumps(sessions))
    env["LOAD_SESSIONS"] = str(path)


def populate(env: dict[str, str], args: argparse.Namespace) -> str:
    """Migrate, load the demo and the population; returns what was made and how long it took."""
    baclo(env, "migrate")
    started = time.monotonic()
    made = baclo(
        env,
        "demo",
        "--population",
        str(args.patients),
        "--days",
        str(args.days),
        "--prescribers",
        str(args.prescribers),
        "--linked",
        str(args.linked),
    )
    made_in = f"{made.splitlines()[0]}, generated in {time.monotonic() - started:.0f} s"
    print(made_in, file=sys.stderr)
    subprocess.run(
        [str(BIN / "baclo"), "manage", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    return made_in


def bench_database(args: argparse.Namespace) -> tuple[list[Result], str]:
    """Measure every user class on one database (SQLite unless ``DATABASE_URL`` is set).

    With ``--data DIR`` (SQLite), the population stays in DIR and a later run with the same sizes
    reuses it: before/after measurements then read the same rows."""
    keep = bool(args.data) and "DATABASE_URL" not in os.environ
    work = Path(args.data) if keep else Path(tempfile.mkdtemp(prefix="baclo-load-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = f"{args.patients} {args.days} {args.prescribers} {args.linked}"
    ready = work / "population"
    env = dict(os.environ)
    env.update(
        BACLO_DATA_DIR=str(work / "data"),
        BACLO_DEBUG="0",
        BACLO_SECRET_KEY="load-benchmark-only",
        DJANGO_SETTINGS_MODULE="loadbench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH", "")])),
        LOAD_PATIENTS=str(args.patients),
        LOAD_PRESCRIBER=f"load-prescriber-{1:0{len(str(args.prescribers))}d}",
    )
    try:
        if not (keep and ready.exists() and ready.read_text() == sizes):
            population = populate(env, args)
            if keep:
                ready.write_text(sizes)
        else:
            baclo(env, "migrate")
            population = f"Population reused from {work}"
        port = free_port()
        server = serve(env, port, args.workers)
        try:
            wait_for(port)
            master = psutil.Process(server.pid)
            log_in_clients(port, args, env, work)
            results = [run_user(user, port, args, env, work, master) for user in args.only]
            return results, population
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if not (os.environ.get("LOAD_KEEP") or keep):
            shutil.rmtree(work, ignore_errors=True)


def table(label: str, measured: tuple[list[Result], str], args: argparse.Namespace) -> str:
    results, population = measured
    floor = next((r.rps for r in results if r.name == "floor"), None)
    lines = [
        f"### {label}: {args.users} clients, {args.workers} gunicorn workers, {args.seconds} s "
        f"per endpoint; {args.patients} patients x {args.days} days, prescriber list of "
        f"{args.linked}",
        "",
        f"{population}.",
        "",
        "| endpoint | req/s | ratio to floor | p50 / p95 / p99 ms | errors | server CPU ms/req "
        f"| load avg (1 min) | paced {args.users} x {args.pace:g}/s: req/s, p50 / p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if not r.requests:
            lines.append(
                f"| {r.name} | 0 | 0 | - | none completed: {r.note} | - | {r.load:.2f} "
                f"| {_paced(r.paced)} |"
            )
            continue
        ratio = f"{r.rps / floor:.3f}" if floor else "-"
        lines.append(
            f"| {r.name} | {r.rps:,.1f} | {ratio} | {r.p50_ms:.0f} / {r.p95_ms:.0f} / "
            f"{r.p99_ms:.0f} | {r.failures} of {r.requests} | {r.cpu_ms:.1f} | {r.load:.2f} "
            f"| {_paced(r.paced)} |"
        )
    return "\n".join(lines)


def _paced(result: Result | None) -> str:
    """The paced run's cell: its rate and latencies, with its errors when it had any."""
    if result is None:
        return "-"
    if not result.requests:
        return f"none completed: {result.note}"
    errors = f", {result.failures} errors" if result.failures else ""
    return f"{result.rps:,.1f}, {result.p50_ms:.0f} / {result.p95_ms:.0f}{errors}"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--pace", type=float, default=1.0, help="requests a second per client in the paced run"
    )
    parser.add_argument(
        "--paced-seconds", type=int, default=20, help="length of the paced run (0: none)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--prescribers", type=int, default=50)
    parser.add_argument("--linked", type=int, default=300)
    parser.add_argument(
        "--data", help="keep (and reuse) the SQLite population in this folder (SQLite only)"
    )
    parser.add_argument("--only", nargs="+", choices=USERS, default=list(USERS))
    args = parser.parse_args()
    if FLOOR not in args.only:
        args.only.insert(0, FLOOR)
    if "DATABASE_URL" not in os.environ:
        print(f"Machine: {machine()}; load average at start {os.getloadavg()[0]:.2f}")
    if args.database in ("sqlite", "both"):
        print(table("SQLite (WAL, synchronous=FULL)", bench_database(args), args))
    if args.database in ("postgres", "both"):
        if "DATABASE_URL" in os.environ:
            print(table("PostgreSQL (fsync on)", bench_database(args), args))
        else:
            again = [
                a for a in sys.argv[1:] if a not in ("--database", "both", "postgres", "sqlite")
            ]
            postgres = subprocess.run(
                [
                    str(ROOT / "scripts/with-postgres.sh"),
                    sys.executable,
                    __file__,
                    "--database",
                    "postgres",
                    *again,
                ],
                env={**os.environ, "BACLO_PG_FSYNC": "on"},
                check=False,
            )
            raise SystemExit(postgres.returncode)


if __name__ == "__main__":
    main()
