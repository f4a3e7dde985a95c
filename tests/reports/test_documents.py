"""Reports rendered for real: text read back from the PDFs and the Word file, editions,
background jobs with progress, failure and retry, and first pages turned into PNG to look at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from cybercap.assessments.models import Evidence
from cybercap.reports import jobs
from cybercap.reports.models import ReportJob
from tests.world import CONFIDENTIAL_A, World, rated

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PUBLIC_NOTE = "Public strategy document"


def _pdf_pages(job: ReportJob) -> list[str]:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [page.extract_text() for page in reader.pages]


def _pdf_text(job: ReportJob) -> tuple[str, int]:
    pages = _pdf_pages(job)
    return "\n".join(pages), len(pages)


def _render(world: World, user: str, **request) -> ReportJob:  # type: ignore[no-untyped-def]
    job = jobs.job_request(by=world.users[user], **request)
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    return job


@pytest.fixture
def scored(world: World) -> World:
    """Dominica: a published 2014 baseline and an approved 2019 round that met more."""
    import datetime as dt

    from cybercap.assessments.models import Assessment

    Assessment.objects.filter(pk=world.published_a.pk).update(mission_start=dt.date(2014, 4, 7))
    Assessment.objects.filter(pk=world.approved_a.pk).update(mission_start=dt.date(2019, 5, 2))
    world.published_a.refresh_from_db()
    world.approved_a.refresh_from_db()
    rated(world.published_a, world.users["reviewer_a"], "met", count=120)
    rated(world.approved_a, world.users["reviewer_a"], "met", count=200)
    indicator = world.published_a.framework.indicators.order_by("order").first()
    for item in Evidence.objects.filter(assessment=world.published_a):
        item.indicators.add(indicator)
    return world


def _png(job: ReportJob, name: str) -> None:
    """The first pages as PNG in test-artifacts/, for a person to look at."""
    if shutil.which("pdftoppm") is None:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "3",
            job.file.path,
            str(ARTIFACTS / name),
        ],
        check=True,
        timeout=60,
    )
    assert (ARTIFACTS / f"{name}-1.png").exists() or (ARTIFACTS / f"{name}-01.png").exists()


RATIONALE = "Cabinet minutes of March 2014 name the lead authority."


def _with_rationale(world: World) -> None:
    world.published_a.ratings.filter(indicator__code="D1.1.1-2a").update(rationale=RATIONALE)


def test_the_restricted_assessment_report_has_everything(scored: World):
    _with_rationale(scored)
    job = _render(
        scored,
        "coord_a",
        kind="assessment",
        subject=str(scored.published_a.pk),
        edition="restricted",
    )
    text, pages = _pdf_text(job)
    assert pages >= 8
    for heading in (
        "Executive summary",
        "Method",
        "Results by dimension",
        "Factor by factor",
        "Prioritised recommendations",
        "Annex: ratings",
    ):
        assert heading in text
    # The annex is laid out as a document of its own, numbered ...
    annex = int(re.search(r"Page A-1 / A-(\d+)", text)[1])  # type: ignore[index]
    report = pages - annex
    assert "RESTRICTED" in text and f"Page 2 / {report}" in text
    by_page = _pdf_pages(job)
    assert "Annex: ratings" in by_page[0] and "\nA-1\n" in by_page[0]  # in the contents
    assert f"Page {report} / {report}" in by_page[report - 1]
    assert by_page[report].startswith("Annex: ratings") or "Annex: ratings" in by_page[report]
    assert f"Page A-{annex} / A-{annex}" in by_page[-1]
    assert CONFIDENTIAL_A in text and PUBLIC_NOTE in text
    annex_text = "\n".join(by_page[report:])
    assert "D1.1.1-2a · Met" in annex_text and RATIONALE in annex_text
    assert "Not assessed" in annex_text  # 120 of 311 indicators were rated
    assert annex_text.count(" · Met") + annex_text.count(" · Not assessed") == 311
    _png(job, "assessment-report-restricted")


def test_the_public_edition_leaves_confidential_evidence_out(scored: World):
    _with_rationale(scored)
    job = _render(
        scored, "coord_a", kind="assessment", subject=str(scored.published_a.pk), edition="public"
    )
    text, _pages = _pdf_text(job)
    assert "PUBLIC" in text and PUBLIC_NOTE in text
    assert CONFIDENTIAL_A not in text and RATIONALE not in text
    assert "D1.1.1-2a · Met" in text


def test_only_the_country_and_team_get_the_restricted_edition(scored: World):
    with pytest.raises(jobs.ReportError):
        jobs.job_request(
            by=scored.users["analyst"],
            kind="assessment",
            subject=str(scored.published_a.pk),
            edition="restricted",
        )
    with pytest.raises(jobs.ReportError):  # a draft of another country: not even public
        jobs.job_request(
            by=scored.users["coord_b"], kind="assessment", subject=str(scored.draft_a.pk)
        )


def test_the_word_report_opens_and_carries_the_sections(scored: World):
    job = _render(
        scored,
        "coord_a",
        kind="assessment",
        fmt="docx",
        subject=str(scored.published_a.pk),
        edition="public",
    )
    with job.file.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert scored.published_a.title in text and "Prioritised recommendations" in text
    assert CONFIDENTIAL_A not in text
    assert len(document.inline_shapes) >= 1  # the charts


def test_the_regional_report_profiles_each_country_and_the_plan(scored: World):
    job = _render(scored, "analyst", kind="regional", subject="caribbean-14")
    text, pages = _pdf_text(job)
    assert "Where every country stands" in text and "Common gaps" in text
    assert "Regional action plan" in text and "National CSIRTs in every state" in text
    assert "Dominica" in text and pages >= 4
    assert "No approved or published results yet" not in text
    assert CONFIDENTIAL_A not in text
    # The profiles are laid out as a document of their own, numbered P-1, P-2...
    by_page = _pdf_pages(job)
    profiles = int(re.search(r"Page P-1 / P-(\d+)", text)[1])  # type: ignore[index]
    first = pages - profiles
    assert "Country profiles" in by_page[0] and "\nP-1\n" in by_page[0]  # in the contents
    assert f"Page {first} / {first}" in by_page[first - 1]
    assert by_page[first].startswith("Country profiles") or "Country profiles" in by_page[first]
    _png(job, "regional-report")


def test_a_large_group_gets_compact_profiles_and_a_heatmap_cut_to_fit_pages(
    scored: World, monkeypatch
):
    from cybercap.reports.documents import regional

    monkeypatch.setattr(regional, "COMPACT_ABOVE", 0)
    monkeypatch.setattr(regional, "HEATMAP_ROWS", 1)
    job = _render(scored, "analyst", kind="regional", subject="caribbean-14")
    text, _pages = _pdf_text(job)
    assert "For each state: its latest round" in text
    assert "Dominica" in text and "mean stage" in text
    assert "Group median" not in text  # the one-page profile's table is left out
    assert "median" in text.split("For each state")[1]


def test_page_headers_carry_any_name_safely(scored: World):
    from cybercap.places.models import Group
    from cybercap.reports.documents.pdf import css_string

    assert css_string('a "b" \\ </style>') == "a \\22 b\\22  \\5c  \\3c /style\\3e "
    Group.objects.filter(slug="caribbean-14").update(name='Caribbean "14" </style> & co')
    job = _render(scored, "analyst", kind="regional", subject="caribbean-14")
    text, _pages = _pdf_text(job)
    assert text.count('Caribbean "14" </style> & co') >= 2  # the cover and the page headers


def test_the_program_report_counts_from_the_records(scored: World):
    job = _render(
        scored, "admin", kind="program", edition="restricted", params={"start": "2024-01-01"}
    )
    text, _pages = _pdf_text(job)
    assert "Program figures" in text and "Mission to Dominica" in text
    assert "Send the draft law" in text  # a follow-up action


def test_a_failed_render_says_why_and_can_be_retried(scored: World, monkeypatch):
    from cybercap.reports.documents import RENDERERS, Renderer

    original = RENDERERS["program"]

    def broken(job, progress):  # type: ignore[no-untyped-def]
        progress(30, "Counting")
        raise jobs.RenderError("The period has no records to report on.")

    monkeypatch.setitem(
        RENDERERS, "program", Renderer(original.formats, original.check, broken, original.filename)
    )
    job = jobs.job_request(by=scored.users["admin"], kind="program", edition="restricted")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "The period has no records to report on."
    monkeypatch.setitem(RENDERERS, "program", original)
    again = jobs.job_retry(by=scored.users["admin"], job=job)
    jobs.run_pending()
    again.refresh_from_db()
    assert again.status == "done"


def test_an_unexpected_error_shows_no_stack_trace(scored: World, monkeypatch):
    from cybercap.reports.documents import RENDERERS, Renderer

    original = RENDERERS["program"]
    monkeypatch.setitem(
        RENDERERS,
        "program",
        Renderer(original.formats, original.check, lambda job, p: 1 / 0, original.filename),
    )
    job = jobs.job_request(by=scored.users["admin"], kind="program", edition="restricted")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and "ZeroDivision" not in job.error and job.error


def test_a_job_is_claimed_once(scored: World):
    jobs.job_request(by=scored.users["admin"], kind="program", edition="restricted")
    first = jobs.claim_next()
    assert first is not None and first.status == "running"
    assert jobs.claim_next() is None


def test_the_job_page_shows_progress_then_the_download(client, scored: World):
    client.force_login(scored.users["coord_a"])
    response = client.post(
        reverse("reports:create"),
        {
            "kind": "assessment",
            "subject": scored.published_a.pk,
            "format": "pdf",
            "edition": "public",
        },
    )
    job = ReportJob.objects.latest("pk")
    assert response.url == reverse("reports:job", args=[job.pk])
    waiting = client.get(response.url)
    assert 'hx-trigger="every 1s"' in waiting.text and "<progress" in waiting.text
    jobs.run_pending()
    partial = client.get(response.url, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in partial.text and "Download" in partial.text
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(scored.users["coord_b"])  # someone else: not theirs
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_the_ratings_workbook_lists_every_indicator(client, scored: World):
    from openpyxl import load_workbook

    client.force_login(scored.users["coord_a"])
    response = client.get(reverse("assessments:ratings-xlsx", args=[scored.published_a.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Indicator")
    assert len(rows) - header - 1 == 311
    assert rows[header + 1][6] == "met"


def test_open_data_has_published_rounds_only_in_the_documented_format(client, scored: World):
    index = client.get(reverse("open_data:index"))
    assert scored.published_a.round_label in index.text
    assert client.get(f"/open-data/assessments/{scored.approved_a.pk}.json").status_code == 404
    assert client.get(f"/open-data/assessments/{scored.draft_a.pk}.csv").status_code == 404
    document = client.get(f"/open-data/assessments/{scored.published_a.pk}.json").json()
    schema = client.get(reverse("open_data:schema")).json()
    assert document["format"] == schema["properties"]["format"]["const"]
    for key in schema["required"]:
        assert key in document
    assert len(document["indicators"]) == 311
    assert {e["title"] for e in document["evidence"]} == {PUBLIC_NOTE}
    factor = next(n for n in document["nodes"] if n["code"] == "D1.1")
    assert factor["level"] == "factor" and factor["stage"] is not None
    import csv

    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/open-data/results.csv").content.decode("utf-8-sig"))
        )
    )
    assert {row["assessment_id"] for row in rows} == {str(scored.published_a.pk)}


def test_each_rating_gets_the_tone_of_its_place_on_the_scale():
    from cybercap.reports.documents.assessment import rating_tones

    national = [
        {"value": "met", "points": 1, "met": True},
        {"value": "partial", "points": 0.5},
        {"value": "not_met", "points": 0},
    ]
    assert rating_tones(national) == {"met": "met", "partial": "partial", "not_met": "none"}
    csirt = [{"value": str(n), "points": n, **({"met": True} if n == 3 else {})} for n in range(4)]
    assert rating_tones(csirt) == {"0": "none", "1": "partial", "2": "partial", "3": "met"}
    assert "not_assessed" not in rating_tones(national)  # shown as unrated


def test_the_worker_warms_the_pdf_engine_up_before_its_first_job(monkeypatch, caplog):
    import threading

    from cybercap.reports.documents import pdf

    calls: list[str] = []
    monkeypatch.setattr(pdf, "warm_up", lambda: calls.append("warm"))
    stopped = threading.Event()
    stopped.set()
    jobs.work_forever(stop=stopped)
    assert calls == ["warm"]

    def broken() -> None:
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "warm_up", broken)
    jobs.work_forever(stop=stopped)  # still starts: Word and Excel files need no fonts
    assert "PDF warm-up" in caplog.text
    monkeypatch.undo()
    pdf.warm_up()  # the real one lays its document out
