"""Word and Excel files read back, the progress import (row errors, no partial writes), and
the recommendation file loader."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cybercap.frameworks.yaml_lines import FileRejected
from cybercap.strategies import services
from cybercap.strategies.exports import PROGRESS_SHEET
from cybercap.strategies.library import library_load_text
from cybercap.strategies.models import ProgressUpdate, Recommendation
from tests.strategies.conftest import LIBRARY, Plan

pytestmark = pytest.mark.django_db


def _workbook(client, plan: Plan):  # type: ignore[no-untyped-def]
    response = client.get(reverse("strategies:export-xlsx", args=[plan.strategy.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_the_action_plan_workbook_lists_every_action(client, plan: Plan):
    services.action_save(
        by=plan.by,
        strategy=plan.strategy,
        action=plan.world.action_a,
        title='=HYPERLINK("http://x")',
        milestones=[services.MilestoneIn("Council meets", dt.date(2026, 3, 1))],
    )
    client.force_login(plan.by)
    workbook = _workbook(client, plan)
    assert workbook.sheetnames == ["Action plan", PROGRESS_SHEET]
    rows = list(workbook["Action plan"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "Code"))
    data = rows[header + 1 :]
    assert [r[0] for r in data] == ["1.1"]
    assert data[0][2] == '\'=HYPERLINK("http://x")'  # neutralised, not a formula
    assert "2026-03-01 Council meets" in data[0][12]


def test_a_filled_progress_sheet_is_recorded(client, plan: Plan):
    client.force_login(plan.by)
    workbook = _workbook(client, plan)
    sheet = workbook[PROGRESS_SHEET]
    row = next(r for r in sheet.iter_rows() if r[0].value == "1.1")
    row[2].value, row[3].value, row[4].value, row[5].value = (
        dt.date(2026, 2, 15),
        "on_track",
        25,
        "Council terms agreed",
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("plan.xlsx", buffer.getvalue())
    response = client.post(
        reverse("strategies:progress-import", args=[plan.strategy.pk]), {"file": upload}
    )
    assert response.status_code == 302
    action = plan.world.action_a
    action.refresh_from_db()
    assert (action.status, action.progress) == ("on_track", 25)
    assert action.updates.get().note == "Council terms agreed"


def test_one_bad_row_rejects_the_file_and_says_where(client, plan: Plan):
    client.force_login(plan.by)
    workbook = _workbook(client, plan)
    sheet = workbook[PROGRESS_SHEET]
    sheet.append(["1.1", "", "2026-02-01", "on_track", 20, "good row"])
    sheet.append(["9.9", "", "2026-02-01", "ontrack", 140, "bad row"])
    bad_row = sheet.max_row
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        reverse("strategies:progress-import", args=[plan.strategy.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    problems = [str(p) for p in response.context["problems"]]
    assert any(f"Row {bad_row}, Action code" in p and "9.9" in p for p in problems)
    assert any(f"Row {bad_row}, Status" in p for p in problems)
    assert any(f"Row {bad_row}, Progress %" in p for p in problems)
    assert ProgressUpdate.objects.count() == 0  # the good row was not written either
    assert "plan.xlsx" in response.text


def test_a_file_that_is_not_a_workbook_is_refused(client, plan: Plan):
    client.force_login(plan.by)
    response = client.post(
        reverse("strategies:progress-import", args=[plan.strategy.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", b"not a zip at all")},
    )
    assert response.status_code == 400
    assert "not an Excel workbook" in response.text


def test_the_word_document_has_the_strategy_and_its_plan(client, plan: Plan):
    services.strategy_update(
        by=plan.by,
        strategy=plan.strategy,
        vision="A safe digital island.",
        principles="Shared responsibility\nRespect for rights",
    )
    plan.strategy.members.create(name="Chair Person", organisation="ICT Ministry", role="chair")
    client.force_login(plan.by)
    response = client.get(reverse("strategies:export-docx", args=[plan.strategy.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert plan.strategy.title in text
    assert "A safe digital island." in text and "Respect for rights" in text
    assert "SO1 Govern cyber security" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Chair Person" in cells
    assert "Set up a national cyber security council" in cells
    assert len(document.inline_shapes) == 1  # the timeline picture
    assert document.inline_shapes[0].width > 0


def test_recommendation_files_load_idempotently(reference):
    Recommendation.objects.all().delete()
    first = library_load_text(LIBRARY, filename="t.yaml", source="t.yaml")
    again = library_load_text(LIBRARY, filename="t.yaml", source="t.yaml")
    changed = library_load_text(
        LIBRARY.replace("Name one.", "Name one now."), filename="t.yaml", source="t.yaml"
    )
    assert (first.created, again.unchanged, changed.updated) == (5, 5, 1)


def test_a_bad_recommendation_file_lists_every_problem_with_its_line(reference):
    bad = (
        LIBRARY.replace("factor: D5.6", "factor: D9.9")
        .replace("lead: csirt\n    months: 18", "lead: police\n    months: 18")
        .replace("code: T-D1.1-3b", "code: T-D1.1-3a")
    )
    before = Recommendation.objects.count()
    with pytest.raises(FileRejected) as rejected:
        library_load_text(bad, filename="bad.yaml", source="bad.yaml")
    messages = [str(p) for p in rejected.value.problems]
    assert any("bad.yaml:" in m and "'T-D1.1-3a' is used twice" in m for m in messages)
    assert any("'D9.9' is not a factor" in m for m in messages)
    assert any(m.startswith("bad.yaml:38:") and "lead" in m for m in messages), messages
    assert Recommendation.objects.count() == before


def test_the_bundled_library_covers_every_factor_and_stage(reference):
    from cybercap.frameworks.models import Node

    factors = set(
        Node.objects.filter(framework__slug="national-capacity", depth=1).values_list(
            "code", flat=True
        )
    )
    covered = set(
        Recommendation.objects.filter(framework_slug="national-capacity")
        .exclude(source__startswith="t")
        .values_list("factor_code", "stage")
    )
    missing = {(f, s) for f in factors for s in (2, 3, 4, 5)} - covered
    assert not missing, sorted(missing)
