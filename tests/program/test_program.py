"""Program tracking: figures computed from records, missions, CSIRT records and their access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cybercap.access.models import AuditEntry
from cybercap.places.models import Country
from cybercap.program import queries, services
from cybercap.program.models import Csirt
from tests.world import World

pytestmark = pytest.mark.django_db


def test_figures_come_from_the_records(world: World):
    admin = world.users["admin"]
    figures = queries.program_figures(admin)
    assert figures.states_assisted == 1 and figures.csirts_operational == 0
    services.csirt_save(
        by=admin,
        country=Country.objects.get(code="JAM"),
        name="CIRT-JM",
        status="operational",
        operational_on=dt.date(2020, 6, 1),
    )
    assert queries.program_figures(admin).csirts_operational == 1
    assert queries.program_figures(admin, end=dt.date(2019, 12, 31)).csirts_operational == 0


def test_the_period_filters_missions(world: World):
    admin = world.users["admin"]
    assert queries.program_figures(admin, start=dt.date(2025, 1, 1)).states_assisted == 0
    assert queries.program_figures(admin, end=dt.date(2024, 12, 31)).states_assisted == 1


def test_a_coordinator_sees_only_their_countrys_program_records(world: World):
    figures = queries.program_figures(world.users["coord_b"])
    assert figures.states_assisted == 0 and figures.rows == []
    services.csirt_save(
        by=world.users["coord_b"], country=Country.objects.get(code="JAM"), status="planned"
    )
    assert [row.country.pk for row in queries.program_figures(world.users["coord_b"]).rows] == [
        "JAM"
    ]


def test_coordinators_edit_their_own_csirt_record_only(client, world: World):
    client.force_login(world.users["coord_a"])
    response = client.post(
        reverse("program:csirt-edit", args=["DMA"]),
        {"name": "DM-CSIRT", "status": "in_establishment"},
    )
    assert response.status_code == 302
    assert Csirt.objects.get(country_id="DMA").status == "in_establishment"
    assert AuditEntry.objects.filter(action="csirt.save", country_id="DMA").exists()
    assert client.get(reverse("program:csirt-edit", args=["JAM"])).status_code == 404


def test_a_csirt_cannot_be_operational_before_it_is_established(client, world: World):
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("program:csirt-edit", args=["DMA"]),
        {"status": "operational", "established_on": "2020-05-01", "operational_on": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "cannot be operational before" in response.text
    assert not Csirt.objects.filter(country_id="DMA").exists()


def test_a_program_admin_records_a_mission_and_bad_dates_are_refused(client, world: World):
    client.force_login(world.users["admin"])
    url = reverse("program:mission-create")
    data = {
        "country": "JAM",
        "purpose": "training",
        "title": "Incident handling course",
        "start": "2026-02-10",
        "end": "2026-02-08",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "cannot end before it starts" in response.text
    response = client.post(url, {**data, "end": "2026-02-12"})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Incident handling course" in detail.text


def test_the_dashboard_shows_figures_and_a_timeline(client, world: World):
    client.force_login(world.users["analyst"])
    response = client.get(reverse("program:dashboard"))
    assert response.status_code == 200
    assert 'data-figure="states-assisted">1<' in response.text
    assert "<svg" in response.text


def test_the_api_records_missions_and_csirts(client, world: World):
    from tests.api.test_assessments_api import Api

    admin = Api(world.users["admin"])
    created = admin.call(
        "post",
        "/missions",
        {
            "country": "JAM",
            "purpose": "csirt_setup",
            "title": "CSIRT set-up",
            "start": "2026-03-01",
            "end": "2026-03-03",
        },
    )
    assert created.status_code == 201
    bad = admin.call(
        "post",
        "/missions",
        {
            "country": "JAM",
            "purpose": "csirt_setup",
            "title": "x",
            "start": "2026-03-01",
            "end": "2026-02-01",
        },
    )
    assert bad.status_code == 400 and "before it starts" in bad.json()["detail"]
    put = admin.call("put", "/csirts/JAM", {"name": "CIRT-JM", "status": "operational"})
    assert put.status_code == 200 and put.json()["status"] == "operational"
    listed = Api(world.users["coord_b"]).call("get", "/csirts").json()
    assert [c["country"] for c in listed] == ["JAM"]
