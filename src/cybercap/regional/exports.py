"""The comparison matrix as rows for CSV and Excel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cybercap.regional.queries import Comparison


def matrix_header(comparison: Comparison) -> list[str]:
    return [
        _("Country"),
        _("ISO code"),
        _("Round"),
        _("Mission start"),
        _("Status"),
        *[f.code for f in comparison.factors],
        _("Mean stage"),
        _("Change since last round"),
    ]


def matrix_rows(comparison: Comparison) -> list[list[Any]]:
    rows = []
    for row in comparison.rows:
        rows.append(
            [
                row.country.name,
                row.country.code,
                row.assessment.round_label,
                row.round_date.isoformat() if row.round_date else "",
                row.assessment.get_status_display(),
                *row.stages,
                round(row.mean, 2) if row.mean is not None else None,
                round(row.change, 2) if row.change is not None else None,
            ]
        )
    rows.append([_("Group median"), "", "", "", "", *comparison.medians, None, None])
    return rows


def matrix_notes(comparison: Comparison) -> list[str]:
    framework = comparison.framework
    return [
        f"{comparison.group.name}: {_('stage per factor, latest approved or published round')}",
        f"{framework.title} {framework.version}" if framework else "",
        "; ".join(f"{level} {name}" for level, name in comparison.stage_names.items()),
    ]
