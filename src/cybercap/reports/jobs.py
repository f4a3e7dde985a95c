"""Asking for a report, rendering it in the background, and the worker that does it.

A job is claimed by flipping its status from queued to running in one UPDATE, so several
workers (or a worker thread and a worker process) never render the same job twice. Rendering
runs as the person who asked, through the same access layer as the pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cybercap.reports.models import ReportJob

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
STALE_AFTER = dt.timedelta(minutes=15)


class ReportError(ValueError):
    """A report that cannot be asked for; the message says why."""


class RenderError(Exception):
    """A render that failed for a reason the person can act on; shown as is."""


def job_request(
    *,
    by: Any,
    kind: str,
    fmt: str = ReportJob.Format.PDF,
    subject: str = "",
    edition: str = ReportJob.Edition.PUBLIC,
    params: dict[str, Any] | None = None,
) -> ReportJob:
    """Queue a report after checking that the person may have it."""
    from cybercap.reports.documents import RENDERERS

    renderer = RENDERERS.get(kind)
    if renderer is None or fmt not in renderer.formats:
        raise ReportError(_("This report is not available in that format."))
    if edition not in ReportJob.Edition.values:
        raise ReportError(_("Unknown edition."))
    title = renderer.check(by, subject, edition, params or {})
    return ReportJob.objects.create(
        kind=kind,
        format=fmt,
        subject=subject,
        edition=edition,
        params=params or {},
        title=title,
        requested_by=by,
    )


def job_retry(*, by: Any, job: ReportJob) -> ReportJob:
    """Ask again for a report that failed."""
    return job_request(
        by=by,
        kind=job.kind,
        fmt=job.format,
        subject=job.subject,
        edition=job.edition,
        params=job.params,
    )


def can_download(user: Any, job: ReportJob) -> bool:
    """Only the person who asked, and only while they still may see what it shows."""
    from cybercap.reports.documents import RENDERERS

    if job.requested_by_id != getattr(user, "pk", None) or job.status != ReportJob.Status.DONE:
        return False
    try:
        RENDERERS[job.kind].check(user, job.subject, job.edition, job.params)
    except ReportError:
        return False
    return True


def _progress(job_id: int) -> Progress:
    def report(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=max(0, min(99, percent)), step=step)

    return report


def job_run(job: ReportJob) -> ReportJob:
    """Render one claimed job and store the file, or the reason it failed."""
    from cybercap.reports.documents import RENDERERS

    renderer = RENDERERS[job.kind]
    language = job.params.get("language") or "en"
    try:
        with override(language):
            content, pages = renderer.render(job, _progress(job.pk))
    except (RenderError, ReportError) as error:
        return _fail(job, str(error))
    except Exception:  # any other failure: logged in full, shown in plain words
        log.exception("report job %s failed", job.pk)
        return _fail(job, _("The document could not be rendered; try again, or tell the program."))
    job.filename = renderer.filename(job)
    job.file.save(job.filename, ContentFile(content), save=False)
    job.pages = pages
    job.status, job.progress, job.step = ReportJob.Status.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=["file", "filename", "pages", "status", "progress", "step", "finished_at"]
    )
    return job


def _fail(job: ReportJob, message: str) -> ReportJob:
    job.status, job.error, job.finished_at = ReportJob.Status.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def claim_next() -> ReportJob | None:
    """Take the oldest waiting job, if another worker has not taken it first."""
    for candidate in ReportJob.objects.filter(status=ReportJob.Status.QUEUED).order_by(
        "created_at", "pk"
    )[:5]:
        taken = ReportJob.objects.filter(pk=candidate.pk, status=ReportJob.Status.QUEUED).update(
            status=ReportJob.Status.RUNNING, started_at=timezone.now(), progress=1
        )
        if taken:
            return ReportJob.objects.select_related("requested_by").get(pk=candidate.pk)
    return None


def run_pending(limit: int | None = None) -> int:
    """Render waiting jobs until none is left (or `limit` were done); returns how many."""
    done = 0
    while limit is None or done < limit:
        job = claim_next()
        if job is None:
            break
        job_run(job)
        done += 1
    return done


def fail_stale() -> int:
    """Jobs left running by a worker that stopped are marked failed, so they can be retried."""
    return ReportJob.objects.filter(
        status=ReportJob.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=ReportJob.Status.FAILED,
        error="The worker stopped while rendering this document; try again.",
        finished_at=timezone.now(),
    )


def work_forever(*, interval: float = 1.0, stop: threading.Event | None = None) -> None:
    """The worker loop: `cybercap worker`, and a thread of `cybercap demo`."""
    from cybercap.reports.documents.pdf import warm_up

    fail_stale()
    try:
        warm_up()
    except Exception:  # a worker that cannot lay out PDFs still renders Word and Excel files
        log.exception("report worker: PDF warm-up")
    while stop is None or not stop.is_set():
        close_old_connections()
        try:
            if run_pending(limit=10):
                continue
        except Exception:  # the loop must survive a database hiccup
            log.exception("report worker")
        time.sleep(interval)


def start_worker_thread() -> threading.Event:
    """Run the worker beside a single-process server (the demo); returns its stop switch."""
    stop = threading.Event()
    threading.Thread(
        target=work_forever, kwargs={"stop": stop}, name="report-worker", daemon=True
    ).start()
    return stop
