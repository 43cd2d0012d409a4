"""``baclo serve``: bad options exit 2; ``--prod`` runs gunicorn with DEBUG off and static files.

The development server itself is exercised by tests/web/test_sqlite.py (durability test).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BACLO = str(Path(sys.executable).parent / "baclo")


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_it_refuses_a_bad_port(run_cli, port):
    result = run_cli("serve", "--port", port)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert port in result.stderr


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BACLO_SECRET_KEY"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "BACLO_DATA_DIR": str(tmp_path), **extra}


def test_prod_without_a_secret_key_exits_2(tmp_path):
    result = subprocess.run(
        [BACLO, "serve", "--prod"], env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: BACLO_SECRET_KEY must be set when BACLO_DEBUG is off"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, deadline: float) -> tuple[int, bytes, dict[str, str]]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read(), dict(response.headers)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_prod_serves_the_api_and_static_files_with_debug_off(tmp_path):
    port = _free_port()
    env = _env(tmp_path, BACLO_SECRET_KEY="test-" + "k" * 50)
    subprocess.run([BACLO, "migrate"], env=env, capture_output=True, timeout=120, check=True)
    server = subprocess.Popen(
        [BACLO, "serve", "--prod", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # collectstatic compresses every static file first (about 30 s on a loaded 2-core box).
        deadline = time.monotonic() + 180
        status, body, _ = _get(f"http://127.0.0.1:{port}/api/v1/openapi.json", deadline)
        assert status == 200
        assert b"/api/v1/journal/{date}" in body
        status, _, headers = _get(f"http://127.0.0.1:{port}/static/admin/css/base.css", deadline)
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert (tmp_path / "static" / "staticfiles.json").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)
