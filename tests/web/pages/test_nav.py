"""The menu: each role sees the places it may go, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

LINKS = {
    "survey_list": reverse("survey:list"),
    "survey_dashboard": reverse("survey:dashboard"),
    "survey_share": reverse("survey:share"),
    "my_patients": reverse("care:patients"),
}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        pytest.param("patient", {"survey_share"}, id="patient"),
        pytest.param("prescriber", {"my_patients"}, id="prescriber"),
        pytest.param("analyst", {"survey_list", "survey_dashboard"}, id="association"),
        pytest.param("staff", {"survey_list", "survey_dashboard"}, id="staff"),
    ],
)
def test_the_menu_shows_each_role_its_own_places(client_of, role, expected):
    html = client_of(role).get(reverse("password_change")).content.decode()
    menu = html[html.index("<nav") : html.index("</nav>")]
    shown = {name for name, url in LINKS.items() if f'href="{url}"' in menu}
    assert shown == expected
