"""The installable app: manifest, service worker at the root, icons, offline fallback page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from baclo.web.phone.pwa import SHELL_ASSETS


def test_the_manifest_meets_the_installability_criteria(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "baclo"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["purpose"] == "any"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


@pytest.mark.parametrize("size", [192, 512])
def test_each_icon_is_a_png_of_its_stated_size(size: int) -> None:
    path = finders.find(f"phone/icons/icon-{size}.png")
    with Image.open(path) as icon:
        assert (icon.format, icon.size) == ("PNG", (size, size))


def test_every_page_links_the_manifest_the_icons_and_the_theme_colour(client: Client) -> None:
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="theme-color"' in page
    assert "favicon.ico" in page
    assert 'data-sw="/sw.js"' in page


def test_the_favicon_at_the_root_leads_to_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("phone/icons/favicon.ico")


def test_the_service_worker_is_served_from_the_root_and_revalidated(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    config = json.loads(script.split("var CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["offlineUrl"] == reverse("phone:offline")
    assert "/today/" in config["pages"]
    assert all(url.startswith("/static/") for url in config["shell"])


def test_every_shell_asset_exists_so_that_the_install_step_cannot_fail() -> None:
    assert all(finders.find(name) for name in SHELL_ASSETS)


def test_the_offline_page_says_what_works_without_network(client: Client) -> None:
    response = client.get(reverse("phone:offline"))
    assert response.status_code == 200
    assert "14" in response.content.decode()


def test_a_patient_page_lists_today_and_fourteen_journal_days_to_keep(
    patient_client: Client,
) -> None:
    page = patient_client.get(reverse("journal:today")).content.decode()
    pages = page.split('data-offline-pages="', 1)[1].split('"', 1)[0].split()
    journal_days = [p for p in pages if p.count("-") == 2]
    assert reverse("journal:today") in pages
    assert len(journal_days) == 14
    oldest = dt.date.fromisoformat(journal_days[-1].strip("/").rsplit("/", 1)[1])
    assert (dt.date.fromisoformat(journal_days[0].strip("/").rsplit("/", 1)[1]) - oldest).days == 13


@pytest.mark.parametrize("client_name", ["prescriber_client", "analyst_client", "client"])
def test_no_page_is_kept_offline_for_anyone_but_a_patient(request, client_name: str) -> None:
    client = request.getfixturevalue(client_name)
    page = client.get(reverse("password_change") if client_name != "client" else "/")
    assert 'data-offline-pages=""' in page.content.decode()
    assert 'id="offline-queue"' not in page.content.decode()
