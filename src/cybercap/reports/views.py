"""Report pages: ask for a document, watch it render, download it, try again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from cybercap.reports import jobs
from cybercap.reports import open_data as open_data_module
from cybercap.reports.models import ReportJob
from cybercap.reports.tables import csv_bytes


def _mine(request: HttpRequest, pk: int) -> ReportJob:
    return get_object_or_404(ReportJob, pk=pk, requested_by_id=request.user.pk)


@login_required
@require_POST
def job_create(request: HttpRequest) -> HttpResponse:
    post = request.POST
    params = {key: post[key] for key in ("start", "end") if post.get(key)}
    params["language"] = get_language() or "en"
    try:
        job = jobs.job_request(
            by=request.user,
            kind=post.get("kind", ""),
            fmt=post.get("format", ReportJob.Format.PDF),
            subject=post.get("subject", ""),
            edition=post.get("edition", ReportJob.Edition.PUBLIC),
            params=params,
        )
    except jobs.ReportError as error:
        messages.error(request, str(error))
        return redirect(request.META.get("HTTP_REFERER") or "reports:list")
    return redirect("reports:job", pk=job.pk)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/job_list.html",
        {"jobs": ReportJob.objects.filter(requested_by_id=request.user.pk)[:50]},
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _mine(request, pk)
    template = "reports/partials/job_status.html" if request.htmx else "reports/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _mine(request, pk)
    try:
        again = jobs.job_retry(by=request.user, job=job)
    except jobs.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:job", pk=job.pk)
    return redirect("reports:job", pk=again.pk)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _mine(request, pk)
    if not jobs.can_download(request.user, job) or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


# Open data ------------------------------------------------------------------------------------


def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/open_data.html", {"assessments": open_data_module.published()})


def _published(pk: int) -> Any:
    return get_object_or_404(open_data_module.published(), pk=pk)


def open_data_assessment(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    assessment = _published(pk)
    name = f"{assessment.country_id.lower()}-{slugify(assessment.round_label)}-{assessment.pk}"
    if extension == "json":
        response: HttpResponse = JsonResponse(
            open_data_module.assessment_document(assessment), json_dumps_params={"indent": 1}
        )
    else:
        response = HttpResponse(
            csv_bytes(
                open_data_module.INDICATOR_COLUMNS, open_data_module.indicator_rows(assessment)
            ),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_results(request: HttpRequest, extension: str) -> HttpResponse:
    assessments = list(open_data_module.published())
    rows = open_data_module.result_rows(assessments)
    if extension == "json":
        columns = open_data_module.RESULT_COLUMNS
        response: HttpResponse = JsonResponse(
            {
                "format": open_data_module.FORMAT,
                "results": [dict(zip(columns, row, strict=True)) for row in rows],
            }
        )
    else:
        response = HttpResponse(
            csv_bytes(open_data_module.RESULT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'inline; filename="published-results.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(open_data_module.SCHEMA, json_dumps_params={"indent": 1})
