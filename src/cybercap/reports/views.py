"""Report pages: ask for a document, watch it render, download it, try again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from cybercap.reports import jobs
from cybercap.reports.models import ReportJob


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
