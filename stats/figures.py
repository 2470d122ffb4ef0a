"""The figures on the statistics page: each a title, what it measures, a headline, a data
table and (for most) a chart, built from ``queries`` in the active language. The page and
each figure's CSV download build from the same function, so they always agree."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cooperation.models import CooperationKind, ServiceCategory

from . import impact, queries
from .charts import ACCENT, BRAND, INK, MUTED, Bar, Series, bar_chart, line_chart
from .models import Board
from .opportunities import OpportunityData

# Open needs older than this many days are called out in the headline.
LONG_OPEN_DAYS = 90
# Up to a year of quarters is drawn as bars, a longer time as lines.
QUARTERS_AS_BARS = 4
# The municipalities drawn in the chart of enterprises by municipality; the table has all.
MUNICIPALITIES_CHARTED = 10


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    description: str  # what is counted, and how
    summary: str  # the headline, also the chart's description for screen readers
    columns: list[str]
    rows: list[list]  # the first cell of each row heads it
    text_columns: int = 1  # leading columns of words; the rest are numbers
    chart: str = ""
    empty: str = ""  # said instead of the table when there are no rows

    @property
    def table(self) -> list[list[tuple[object, bool]]]:
        """Each cell with whether it is a number, for the template to align."""
        return [
            [(cell, index >= self.text_columns) for index, cell in enumerate(row)]
            for row in self.rows
        ]

    @property
    def header(self) -> list[tuple[str, bool]]:
        return [(column, index >= self.text_columns) for index, column in enumerate(self.columns)]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    figures: list[Figure]


class Data:
    """The queries' results, each read at most once per request: the page shows several
    figures from one read, a CSV download reads only what its figure needs."""

    @cached_property
    def opportunities(self) -> OpportunityData:
        return OpportunityData()

    @cached_property
    def enterprises_by_region(self) -> list[queries.Tally]:
        return queries.verified_enterprises_by_region()

    @cached_property
    def enterprises_by_municipality(self) -> list[queries.Tally]:
        return queries.verified_enterprises_by_municipality()

    @cached_property
    def needs_by_field(self) -> list[queries.FieldNeeds]:
        return queries.open_needs_by_field()

    @cached_property
    def need_ages(self) -> list[queries.AgeBand]:
        return queries.open_need_ages()

    @cached_property
    def need_durations(self) -> list[queries.NeedDuration]:
        return queries.need_durations()

    @cached_property
    def coverage_gaps(self) -> list[queries.CoverageGap]:
        return queries.coverage_gaps()

    @cached_property
    def fields(self) -> list[ServiceCategory]:
        return queries.service_fields()

    @cached_property
    def cooperation_kinds(self) -> queries.KindCounts:
        return queries.cooperations_by_kind()

    @cached_property
    def cooperation_instruments(self) -> list[queries.InstrumentCount]:
        return queries.cooperations_by_instrument()

    @cached_property
    def cooperation_quarters(self) -> list[queries.QuarterCount]:
        return queries.cooperations_per_quarter()

    @cached_property
    def impact(self) -> impact.ImpactData:
        return impact.ImpactData()


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def percent_text(value: int | None) -> str:
    return "–" if value is None else _("%(percent)s%%") % {"percent": value}


def days_text(days: int | None) -> str:
    if days is None:
        return "–"
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def quarter_label(row: queries.QuarterCount) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": row.quarter, "year": row.year}


def enterprises_by_region(data: Data) -> Figure:
    slug = "enterprises-by-region"
    title = _("Verified social enterprises by planning region")
    rows = data.enterprises_by_region
    total = sum(row.count for row in rows)
    summary = ngettext(
        "%(count)s verified social enterprise in all.",
        "%(count)s verified social enterprises in all.",
        total,
    ) % {"count": total}
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Each enterprise is counted once, where it is based (its home municipality), even "
            "if it works in other regions too. Only enterprises Kopā has verified against the "
            "Ministry of Welfare's register are counted."
        ),
        summary=summary,
        columns=[_("Planning region"), _("Verified social enterprises")],
        rows=[[row.label, row.count] for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label, row.count) for row in rows],
        ),
    )


def enterprises_by_municipality(data: Data) -> Figure:
    slug = "enterprises-by-municipality"
    title = _("Verified social enterprises by municipality")
    rows = data.enterprises_by_municipality
    with_any = [row for row in rows if row.count]
    summary = ngettext(
        "%(count)s municipality is home to at least one verified social enterprise.",
        "%(count)s municipalities are home to at least one verified social enterprise.",
        len(with_any),
    ) % {"count": len(with_any)}
    description = _(
        "Counted by home municipality. The chart shows the municipalities with at least "
        "one verified social enterprise; the table lists every municipality."
    )
    if len(with_any) > MUNICIPALITIES_CHARTED:
        # Forty bars of ones and twos after Rīga make a long page and say little more.
        description = _(
            "Counted by home municipality. The chart shows the ten municipalities with the "
            "most verified social enterprises; the table lists every municipality."
        )
    return Figure(
        slug=slug,
        title=title,
        description=description,
        summary=summary,
        columns=[_("Municipality"), _("Verified social enterprises")],
        rows=[[row.label, row.count] for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label, row.count) for row in with_any[:MUNICIPALITIES_CHARTED]],
        )
        if with_any
        else "",
    )


def open_needs_by_field(data: Data) -> Figure:
    slug = "open-needs-by-field"
    title = _("Open needs by field")
    rows = data.needs_by_field
    total = sum(row.open_needs for row in rows)
    summary = ngettext("%(count)s open need in all.", "%(count)s open needs in all.", total) % {
        "count": total
    }
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Needs municipalities have published and not yet taken into work, fulfilled or "
            "closed, by the field of their service category."
        ),
        summary=summary,
        columns=[_("Field"), _("Open needs")],
        rows=[[row.label, row.open_needs] for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label, row.open_needs) for row in rows],
        ),
    )


def matched_share(data: Data) -> Figure:
    slug = "matched-share"
    title = _("Open needs with at least one matching enterprise")
    rows = data.needs_by_field
    total = sum(row.open_needs for row in rows)
    matched = sum(row.matched for row in rows)
    all_fields = [_("All fields"), total, matched, percent(matched, total)]
    table = [all_fields] + [
        [row.label, row.open_needs, row.matched, percent(row.matched, row.open_needs)]
        for row in rows
    ]
    summary = ngettext(
        "%(matched)s of %(count)s open need (%(percent)s) has at least one match.",
        "%(matched)s of %(count)s open needs (%(percent)s) have at least one match.",
        total,
    ) % {"matched": matched, "count": total, "percent": percent_text(percent(matched, total))}
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "The share of open needs for which Kopā's matching found at least one verified "
            "social enterprise. A match is a suggestion, not yet a cooperation."
        ),
        summary=summary,
        columns=[_("Field"), _("Open needs"), _("With a match"), _("Share with a match (%)")],
        rows=table,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(label, share or 0, percent_text(share), colour=INK if index == 0 else BRAND)
                for index, (label, _open, _matched, share) in enumerate(table)
            ],
            maximum=100,
        ),
    )


def open_need_age(data: Data) -> Figure:
    slug = "open-need-age"
    title = _("How long open needs have been open")
    bands = data.need_ages
    labels = [
        ngettext("over %(days)s day", "over %(days)s days", band.low_days - 1)
        % {"days": band.low_days - 1}
        if band.high_days is None
        # A range takes the form its last number needs: "1–21 diena", "8–14 dienas".
        else ngettext("%(low)s–%(high)s day", "%(low)s–%(high)s days", band.high_days)
        % {"low": band.low_days, "high": band.high_days}
        for band in bands
    ]
    long_open = sum(band.open_needs for band in bands if band.low_days > LONG_OPEN_DAYS)
    summary = ngettext(
        "%(count)s open need has been open for more than %(days)s days.",
        "%(count)s open needs have been open for more than %(days)s days.",
        long_open,
    ) % {"count": long_open, "days": LONG_OPEN_DAYS}
    return Figure(
        slug=slug,
        title=title,
        description=_("Whole days from publication to today, for the needs that are open now."),
        summary=summary,
        columns=[_("Time open"), _("Open needs")],
        rows=[[label, band.open_needs] for label, band in zip(labels, bands, strict=True)],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(label, band.open_needs) for label, band in zip(labels, bands, strict=True)],
        ),
    )


def need_duration(data: Data) -> Figure:
    slug = "need-duration"
    title = _("How long needs stay open")
    durations = data.need_durations
    still_open = durations[0]
    summary = (
        ngettext(
            "Half of the open needs have been open for %(count)s day or longer.",
            "Half of the open needs have been open for %(count)s days or longer.",
            still_open.median_days,
        )
        % {"count": still_open.median_days}
        if still_open.median_days is not None
        else _("No open needs at the moment.")
    )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "The median number of days since a need was published: half of the needs took "
            "longer, half less. For open and in-progress needs it counts to today, so it "
            "still grows. For fulfilled and closed needs it counts to the need's last change, "
            "which is usually when it was fulfilled or closed; Kopā keeps no separate date "
            "for that, so a later edit moves it."
        ),
        summary=summary,
        columns=[_("Status"), _("Counted until"), _("Needs"), _("Median days")],
        rows=[
            [
                row.label.capitalize(),
                _("today") if row.until_today else _("last change"),
                row.needs,
                row.median_days,
            ]
            for row in durations
        ],
        text_columns=2,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(
                    ngettext("%(status)s: %(count)s need", "%(status)s: %(count)s needs", row.needs)
                    % {"status": row.label.capitalize(), "count": row.needs},
                    row.median_days or 0,
                    days_text(row.median_days),
                    colour=BRAND if row.until_today else ACCENT,
                )
                for row in durations
            ],
        ),
    )


def coverage_gaps_by_field(data: Data) -> Figure:
    slug = "coverage-gaps-by-field"
    title = _("Coverage gaps by field")
    gaps = data.coverage_gaps
    rows = [
        [
            service_field.name,
            sum(1 for gap in gaps if gap.field_key == service_field.slug),
            sum(gap.open_needs for gap in gaps if gap.field_key == service_field.slug),
        ]
        for service_field in data.fields
    ]
    municipalities = len({gap.municipality_slug for gap in gaps})
    summary = (
        ngettext(
            "%(count)s municipality has open needs in a field where no verified social "
            "enterprise works there.",
            "%(count)s municipalities have open needs in a field where no verified social "
            "enterprise works there.",
            municipalities,
        )
        % {"count": municipalities}
        if gaps
        else _(
            "No gaps: wherever there are open needs, a verified social enterprise works there "
            "in the field."
        )
    )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "A gap is a municipality with open needs in a field where no verified social "
            "enterprise with an active offering in that field works: none is based there or "
            "serves the municipality, its planning region or all of Latvia."
        ),
        summary=summary,
        columns=[_("Field"), _("Municipalities with a gap"), _("Open needs in them")],
        rows=rows,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(label, count, colour=ACCENT) for label, count, _needs in rows],
        ),
    )


def coverage_gaps(data: Data) -> Figure:
    gaps = data.coverage_gaps
    needs = sum(gap.open_needs for gap in gaps)
    return Figure(
        slug="coverage-gaps",
        title=_("Where the gaps are"),
        description=_(
            "Each municipality and field with open needs but no verified social enterprise "
            "working there in that field."
        ),
        summary=ngettext(
            "%(count)s open need falls in a gap.", "%(count)s open needs fall in a gap.", needs
        )
        % {"count": needs}
        if gaps
        else "",
        columns=[_("Municipality"), _("Planning region"), _("Field"), _("Open needs")],
        rows=[[gap.municipality, gap.region, gap.field, gap.open_needs] for gap in gaps],
        text_columns=3,
        empty=_("No gaps at the moment."),
    )


def cooperations_by_kind(data: Data) -> Figure:
    slug = "cooperations-by-kind"
    title = _("Cooperations by kind")
    kinds = data.cooperation_kinds
    rows = [
        (_("Light only"), kinds.light_only, BRAND),
        (_("Targeted only"), kinds.targeted_only, ACCENT),
        (_("Both light and targeted"), kinds.both, INK),
    ]
    if kinds.neither:
        rows.append((_("No form of cooperation recorded"), kinds.neither, MUTED))
    total = sum(count for _label, count, _colour in rows)
    summary = ngettext("%(count)s cooperation in all.", "%(count)s cooperations in all.", total) % {
        "count": total
    }
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Cooperations recorded in Kopā, from proposals to completed ones (declined and "
            "withdrawn proposals are not counted), by the kinds of their forms of cooperation."
        ),
        summary=summary,
        columns=[_("Kind"), _("Cooperations")],
        rows=[[label, count] for label, count, _colour in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(label, count, colour=colour) for label, count, colour in rows],
        ),
    )


def cooperations_by_instrument(data: Data) -> Figure:
    slug = "cooperations-by-instrument"
    title = _("Cooperations by form of cooperation")
    instruments = data.cooperation_instruments
    kind_names = dict(CooperationKind.choices)
    busiest = max(instruments, key=lambda row: row.cooperations, default=None)
    summary = (
        _("Used most: %(form)s (%(count)s).")
        % {"form": busiest.label, "count": busiest.cooperations}
        if busiest and busiest.cooperations
        else _("No cooperations recorded yet.")
    )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "How many cooperations (not declined or withdrawn) use each form of cooperation; "
            "one cooperation may use several. The table also shows how many are completed."
        ),
        summary=summary,
        columns=[_("Form of cooperation"), _("Kind"), _("Cooperations"), _("Completed")],
        rows=[
            [row.label, str(kind_names[row.kind]), row.cooperations, row.completed]
            for row in instruments
        ],
        text_columns=2,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=_bars_by_kind(instruments, lambda row: row.cooperations),
        ),
    )


def cooperations_over_time(data: Data) -> Figure:
    slug = "cooperations-over-time"
    title = _("Cooperations per quarter")
    quarters = data.cooperation_quarters
    labels = [quarter_label(row) for row in quarters]
    columns = [_("Quarter"), _("Started, light"), _("Started, targeted"), _("Completed")]
    summary = (
        _(
            "%(first)s–%(last)s: %(light)s started with light forms, %(targeted)s with "
            "targeted forms, %(completed)s completed."
        )
        % {
            "first": labels[0],
            "last": labels[-1],
            "light": sum(row.light for row in quarters),
            "targeted": sum(row.targeted for row in quarters),
            "completed": sum(row.completed for row in quarters),
        }
        if quarters
        else _("No cooperations recorded yet.")
    )
    chart = ""
    if 0 < len(quarters) <= QUARTERS_AS_BARS:
        # A line needs a few points to show a trend: with one quarter it is three markers
        # on top of each other, and the chart looks empty. A bar for each number instead,
        # named in words, "0" where nothing happened.
        chart = bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(name, value, colour=colour, group=label)
                for label, row in zip(labels, quarters, strict=True)
                for name, value, colour in [
                    (columns[1], row.light, BRAND),
                    (columns[2], row.targeted, ACCENT),
                    (columns[3], row.completed, INK),
                ]
            ],
        )
    elif quarters:
        chart = line_chart(
            chart_id=slug,
            title=title,
            description=summary,
            labels=labels,
            series=[
                Series(columns[1], [row.light for row in quarters], BRAND),
                Series(columns[2], [row.targeted for row in quarters], ACCENT, "8 5", "square"),
                Series(columns[3], [row.completed for row in quarters], INK, "2 4", "ring"),
            ],
        )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Started: cooperations recorded in the quarter, by the kind of their forms of "
            "cooperation; one using both kinds counts in both, and declined or withdrawn "
            "proposals are not counted. Completed: cooperations completed in the quarter."
        ),
        summary=summary,
        columns=columns,
        rows=[
            [label, row.light, row.targeted, row.completed]
            for label, row in zip(labels, quarters, strict=True)
        ],
        chart=chart,
        empty=_("No cooperations recorded yet."),
    )


# Impact: what cooperation delivered, how fast needs are answered, and unmet demand.


def _results_columns(first: str) -> list[str]:
    return [
        first,
        _("Completed cooperations"),
        _("With results recorded"),
        _("Value (EUR)"),
        _("Jobs created"),
        _("People from target groups"),
        _("Planned cooperations"),
        _("Planned value (EUR)"),
        _("Jobs planned"),
        _("People from target groups planned"),
    ]


def _results_row(row: impact.Results, label: str | None = None) -> list:
    return [
        label or row.label,
        row.completed,
        row.reported,
        row.value_eur,
        row.jobs,
        row.people,
        row.planned,
        row.planned_value_eur,
        row.planned_jobs,
        row.planned_people,
    ]


def _results_summary(rows: list[impact.Results]) -> str:
    completed = sum(row.completed for row in rows)
    delivered = ngettext(
        "%(completed)s completed cooperation: %(value)s euros, %(jobs)s jobs created, "
        "%(people)s people from target groups involved.",
        "%(completed)s completed cooperations: %(value)s euros, %(jobs)s jobs created, "
        "%(people)s people from target groups involved.",
        completed,
    ) % {
        "completed": completed,
        "value": sum(row.value_eur for row in rows),
        "jobs": sum(row.jobs for row in rows),
        "people": sum(row.people for row in rows),
    }
    planned = sum(row.planned for row in rows)
    return " ".join(
        [
            delivered,
            ngettext(
                "%(planned)s agreed cooperation planned %(value)s euros, %(jobs)s jobs and "
                "%(people)s people from target groups.",
                "%(planned)s agreed cooperations planned %(value)s euros, %(jobs)s jobs and "
                "%(people)s people from target groups.",
                planned,
            )
            % {
                "planned": planned,
                "value": sum(row.planned_value_eur for row in rows),
                "jobs": sum(row.planned_jobs for row in rows),
                "people": sum(row.planned_people for row in rows),
            },
        ]
    )


RESULTS_ABOUT = gettext_lazy(
    "Delivered: what completed cooperations recorded when they were completed, the value in "
    "euros, the jobs created and the people from target groups involved. Planned: the same "
    "numbers as written in the plans of every cooperation both sides agreed to, whether still "
    "going, completed or ended early; a declined or withdrawn proposal, or one still being "
    "discussed, is not counted. A number left empty adds nothing."
)


def impact_by_year(data: Data) -> Figure:
    slug = "impact-by-year"
    title = _("Results of cooperation by year")
    rows = data.impact.by_year
    summary = _results_summary(rows) if rows else _("No cooperation has been completed yet.")
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "%(about)s Delivered by the year the cooperation was completed, planned by the "
            "year it was proposed."
        )
        % {"about": RESULTS_ABOUT},
        summary=summary,
        columns=_results_columns(_("Year")),
        rows=[_results_row(row) for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            # Euros only: jobs and people are a few, beside thousands of euros they would
            # not show; the table has them.
            bars=[Bar(row.label, row.value_eur, f"{row.value_eur} €") for row in rows],
        )
        if rows
        else "",
        empty=_("No cooperation has been completed yet."),
    )


def impact_by_region(data: Data) -> Figure:
    slug = "impact-by-region"
    title = _("Results of cooperation by planning region")
    rows = data.impact.by_region
    summary = _results_summary(rows)
    return Figure(
        slug=slug,
        title=title,
        description=_("%(about)s By the planning region of the cooperating municipality.")
        % {"about": RESULTS_ABOUT},
        summary=summary,
        columns=_results_columns(_("Planning region")),
        rows=[_results_row(row) for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label, row.value_eur, f"{row.value_eur} €") for row in rows],
        ),
    )


def impact_by_municipality(data: Data) -> Figure:
    rows = data.impact.by_municipality
    return Figure(
        slug="impact-by-municipality",
        title=_("Results of cooperation by municipality"),
        description=_(
            "%(about)s Each municipality with at least one completed or agreed cooperation, "
            "the highest delivered value first."
        )
        % {"about": RESULTS_ABOUT},
        summary=_results_summary(rows) if rows else "",
        columns=_results_columns(_("Municipality")),
        rows=[_results_row(row) for row in rows],
        empty=_("No cooperation has been completed yet."),
    )


def impact_by_instrument(data: Data) -> Figure:
    slug = "impact-by-instrument"
    title = _("Results of cooperation by form of cooperation")
    rows = data.impact.by_instrument
    kind_names = dict(CooperationKind.choices)
    summary = _(
        "A cooperation using several forms counts under each, so the rows add up to more "
        "than the total."
    )
    columns = _results_columns(_("Form of cooperation"))
    return Figure(
        slug=slug,
        title=title,
        description=str(RESULTS_ABOUT),
        summary=summary,
        columns=[columns[0], _("Kind"), *columns[1:]],
        rows=[[row.label, str(kind_names[row.kind]), *_results_row(row)[1:]] for row in rows],
        text_columns=2,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=_bars_by_kind(rows, lambda row: row.value_eur, lambda row: f"{row.value_eur} €"),
        ),
    )


def impact_by_kind(data: Data) -> Figure:
    kinds = data.impact.by_kind
    labels = {
        "light": _("Light only"),
        "targeted": _("Targeted only"),
        "both": _("Both light and targeted"),
        "neither": _("No form of cooperation recorded"),
    }
    rows = [
        kinds[name]
        for name in labels
        if name != "neither" or kinds[name].completed or kinds[name].planned
    ]
    return Figure(
        slug="impact-by-kind",
        title=_("Results of light and targeted cooperation"),
        description=_("%(about)s Each cooperation once, by the kinds of its forms.")
        % {"about": RESULTS_ABOUT},
        summary=_results_summary(rows),
        columns=_results_columns(_("Kind")),
        rows=[_results_row(row, labels[row.key]) for row in rows],
    )


def response_time(data: Data) -> Figure:
    slug = "response-time"
    title = _("Time to the first interested answer")
    rows = data.impact.response_times
    answered = [row for row in rows if row.median_days is not None]
    labels = [_("Q%(quarter)s %(year)s") % {"quarter": r.quarter, "year": r.year} for r in rows]
    summary = (
        _("Median time to the first interested answer in %(quarter)s: %(days)s days.")
        % {
            "quarter": _("Q%(quarter)s %(year)s")
            % {"quarter": answered[-1].quarter, "year": answered[-1].year},
            "days": number_format(answered[-1].median_days, 1),
        }
        if answered
        else _("No need has had an interested answer yet.")
    )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "For the needs published in each quarter: how many had at least one social "
            "enterprise answer “interested”, and the median number of days from publication "
            "to the first such answer (half answered sooner, half later)."
        ),
        summary=summary,
        columns=[
            _("Quarter published"),
            _("Needs published"),
            _("With an interested answer"),
            _("Median days to the first"),
        ],
        rows=[
            [label, row.published, row.answered, row.median_days]
            for label, row in zip(labels, rows, strict=True)
        ],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(
                    label,
                    row.median_days or 0,
                    "–" if row.median_days is None else number_format(row.median_days, 1),
                )
                for label, row in zip(labels, rows, strict=True)
            ],
        )
        if answered
        else "",
        empty=_("No needs published yet."),
    )


def need_outcomes(data: Data) -> Figure:
    slug = "need-outcomes"
    title = _("Needs fulfilled and closed unfilled")
    rows = data.impact.need_outcomes
    fulfilled = sum(row.fulfilled for row in rows)
    closed = sum(row.closed_unfilled for row in rows)
    summary = ngettext(
        "%(fulfilled)s need fulfilled, %(closed)s closed unfilled (%(percent)s fulfilled).",
        "%(fulfilled)s needs fulfilled, %(closed)s closed unfilled (%(percent)s fulfilled).",
        fulfilled,
    ) % {
        "fulfilled": fulfilled,
        "closed": closed,
        "percent": percent_text(percent(fulfilled, fulfilled + closed)),
    }
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Published needs by the year they were published, and how they stand now: "
            "fulfilled, closed without being fulfilled, or still open or in progress."
        ),
        summary=summary,
        columns=[
            _("Year published"),
            _("Needs published"),
            _("Fulfilled"),
            _("Closed unfilled"),
            _("Still open or in progress"),
        ],
        rows=[
            [str(row.year), row.published, row.fulfilled, row.closed_unfilled, row.still_open]
            for row in rows
        ],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(name, value, colour=colour, group=str(row.year))
                for row in rows
                for name, value, colour in [
                    (_("Fulfilled"), row.fulfilled, BRAND),
                    (_("Closed unfilled"), row.closed_unfilled, ACCENT),
                    (_("Still open or in progress"), row.still_open, MUTED),
                ]
            ],
        )
        if rows
        else "",
        empty=_("No needs published yet."),
    )


def unmet_demand(data: Data) -> Figure:
    misses = data.impact.misses
    boards = dict(Board.choices)
    return Figure(
        slug="unmet-demand",
        title=_("Searches that found nothing"),
        description=_(
            "What people searched for in the directory, on the needs board and on the "
            "opportunities board and found nothing, per month: up to %(shown)s searches a "
            "month, each searched at least %(least)s times. Searches are counted in "
            "lower-case without diacritics, without words that contain digits, and with "
            "nothing about who searched."
        )
        % {"shown": impact.MISSES_PER_MONTH, "least": impact.MISS_SHOWN_FROM},
        summary="",
        columns=[_("Month"), _("Where"), _("Searched for"), _("Searches")],
        rows=[
            [miss.month.strftime("%Y-%m"), str(boards[miss.board]), miss.query, miss.count]
            for miss in misses
        ],
        text_columns=3,
        empty=_("No search has found nothing often enough to be shown."),
    )


def survey_impact(data: Data) -> Figure:
    """What follow-up surveys reported; on the page only once the portal asks them."""
    answers = data.impact.surveys
    return Figure(
        slug="survey-impact",
        title=_("Results reported in follow-up surveys"),
        description=_(
            "Thirty days after a cooperation is completed both sides are asked what it "
            "delivered. Each cooperation counts once: the municipality's answer when both "
            "answered."
        ),
        summary=ngettext(
            "%(count)s cooperation answered; %(not_found)s say they would not have found "
            "each other without Kopā (%(percent)s).",
            "%(count)s cooperations answered; %(not_found)s say they would not have found "
            "each other without Kopā (%(percent)s).",
            answers.cooperations,
        )
        % {
            "count": answers.cooperations,
            "not_found": answers.would_not_have_found,
            "percent": percent_text(percent(answers.would_not_have_found, answers.cooperations)),
        },
        columns=[_("Reported"), _("Total")],
        rows=[
            [_("Cooperations that answered"), answers.cooperations],
            [_("Happened as planned"), answers.as_planned],
            [_("Value (EUR)"), answers.value_eur],
            [_("Jobs created"), answers.jobs],
            [_("People from target groups"), answers.people],
            [_("Would not have found each other without Kopā"), answers.would_not_have_found],
        ],
    )


# slug -> builder; the slugs name the CSV downloads.
FIGURES: dict[str, Callable[[Data], Figure]] = {
    "enterprises-by-region": enterprises_by_region,
    "enterprises-by-municipality": enterprises_by_municipality,
    "open-needs-by-field": open_needs_by_field,
    "matched-share": matched_share,
    "open-need-age": open_need_age,
    "need-duration": need_duration,
    "coverage-gaps-by-field": coverage_gaps_by_field,
    "coverage-gaps": coverage_gaps,
    "cooperations-by-kind": cooperations_by_kind,
    "cooperations-by-instrument": cooperations_by_instrument,
    "cooperations-over-time": cooperations_over_time,
    "impact-by-year": impact_by_year,
    "impact-by-region": impact_by_region,
    "impact-by-municipality": impact_by_municipality,
    "impact-by-instrument": impact_by_instrument,
    "impact-by-kind": impact_by_kind,
    "response-time": response_time,
    "need-outcomes": need_outcomes,
    "unmet-demand": unmet_demand,
}

SECTIONS = [
    (
        "enterprises",
        gettext_lazy("Social enterprises"),
        ["enterprises-by-region", "enterprises-by-municipality"],
    ),
    (
        "needs",
        gettext_lazy("Needs"),
        ["open-needs-by-field", "matched-share", "open-need-age", "need-duration"],
    ),
    ("coverage", gettext_lazy("Coverage gaps"), ["coverage-gaps-by-field", "coverage-gaps"]),
    (
        "cooperation",
        gettext_lazy("Cooperation"),
        ["cooperations-by-kind", "cooperations-by-instrument", "cooperations-over-time"],
    ),
    (
        "impact",
        gettext_lazy("What cooperation delivered"),
        [
            "impact-by-year",
            "impact-by-region",
            "impact-by-municipality",
            "impact-by-instrument",
            "impact-by-kind",
        ],
    ),
    (
        "responses",
        gettext_lazy("How needs are answered"),
        ["response-time", "need-outcomes"],
    ),
    ("demand", gettext_lazy("What people look for"), ["unmet-demand"]),
]

# Follow-up surveys (issue 17) add what both sides reported once the portal asks them.
if impact.survey_model() is not None:
    FIGURES["survey-impact"] = survey_impact
    next(names for slug, _title, names in SECTIONS if slug == "impact").append("survey-impact")


def sections(data: Data) -> list[Section]:
    """Every figure, under the page's headings."""
    return [
        Section(slug, str(title), [FIGURES[name](data) for name in names])
        for slug, title, names in SECTIONS
    ]


def _strong(template: str, plain: dict | None = None, **numbers: object) -> SafeString:
    """A translated sentence with its numbers in bold (``plain`` values as they are), so the
    summary reads as sentences and scans like a row of figures. The sentence is escaped
    before the values go in, and so is each value."""
    values = {name: format_html("<strong>{}</strong>", value) for name, value in numbers.items()}
    values |= {name: escape(value) for name, value in (plain or {}).items()}
    return mark_safe(escape(template) % values)  # noqa: S308 - everything in it is escaped


def summary(data: Data, *, today: datetime.date | None = None) -> list[SafeString]:
    """The page's key figures as a few sentences, from the figures below it."""
    year = (today or timezone.localdate()).year
    sentences = []

    enterprises = sum(row.count for row in data.enterprises_by_region)
    if enterprises:
        sentences.append(
            _strong(
                ngettext(
                    "Kopā lists %(count)s verified social enterprise.",
                    "Kopā lists %(count)s verified social enterprises.",
                    enterprises,
                ),
                count=enterprises,
            )
        )
        places = sum(1 for row in data.enterprises_by_municipality if row.count)
        sentences.append(
            _strong(
                ngettext(
                    "%(count)s municipality is home to at least one verified social enterprise.",
                    "%(count)s municipalities are home to at least one verified social enterprise.",
                    places,
                ),
                count=places,
            )
        )
    else:
        sentences.append(escape(_("No social enterprise has been verified yet.")))

    open_needs = sum(row.open_needs for row in data.needs_by_field)
    matched = sum(row.matched for row in data.needs_by_field)
    if open_needs:
        sentences.append(
            _strong(
                ngettext(
                    "%(count)s municipal need is open; %(percent)s of the open needs have "
                    "at least one matching social enterprise.",
                    "%(count)s municipal needs are open; %(percent)s of them have at least "
                    "one matching social enterprise.",
                    open_needs,
                ),
                count=open_needs,
                percent=percent_text(percent(matched, open_needs)),
            )
        )
    else:
        sentences.append(escape(_("No open needs at the moment.")))

    gaps = len({gap.municipality_slug for gap in data.coverage_gaps})
    if gaps:
        sentences.append(
            _strong(
                ngettext(
                    "%(count)s municipality has open needs in a field where no verified "
                    "social enterprise works there.",
                    "%(count)s municipalities have open needs in a field where no verified "
                    "social enterprise works there.",
                    gaps,
                ),
                count=gaps,
            )
        )
    elif open_needs:
        sentences.append(
            escape(
                _(
                    "No gaps: wherever there are open needs, a verified social enterprise "
                    "works there in the field."
                )
            )
        )

    quarters = data.cooperation_quarters
    recorded = sum(row.started for row in quarters)
    if recorded:
        sentences.append(
            _strong(
                ngettext(
                    "So far %(count)s cooperation has been recorded; completed: %(completed)s.",
                    "So far %(count)s cooperations have been recorded; completed: %(completed)s.",
                    recorded,
                ),
                count=recorded,
                completed=sum(row.completed for row in quarters),
            )
        )
        this_year = [row for row in quarters if row.year == year]
        sentences.append(
            _strong(
                _("In %(year)s: %(started)s started, %(completed)s completed."),
                plain={"year": year},
                started=sum(row.started for row in this_year),
                completed=sum(row.completed for row in this_year),
            )
        )
    else:
        sentences.append(escape(_("No cooperations recorded yet.")))
    return sentences


def figure(slug: str) -> Figure | None:
    """One figure, reading only what it needs; None for an unknown slug."""
    build = FIGURES.get(slug)
    return build(Data()) if build else None


# Opportunities: what municipalities offer social enterprises (``stats.opportunities``).
# Kept apart from the figures above and added to FIGURES and SECTIONS at the end.


def _bars_by_kind(rows, value, text=lambda row: "") -> list[Bar]:
    """One bar per form of cooperation, grouped and coloured by its kind, light or targeted
    (the rows come ordered by kind)."""
    kind_names = dict(CooperationKind.choices)
    return [
        Bar(
            row.label,
            value(row),
            text(row),
            colour=BRAND if row.kind == CooperationKind.LIGHT else ACCENT,
            group=str(kind_names[row.kind]),
        )
        for row in rows
    ]


def _euros(amount) -> int:
    """Whole euros: the totals of budgets, not an account."""
    return int(amount.to_integral_value())


def opportunities_by_municipality(data: Data) -> Figure:
    slug = "opportunities-by-municipality"
    title = _("Support offered by municipality")
    rows = data.opportunities.by_municipality
    offering = [row for row in rows if row.published]
    summary = ngettext(
        "%(count)s municipality has published support for social enterprises on Kopā.",
        "%(count)s municipalities have published support for social enterprises on Kopā.",
        len(offering),
    ) % {"count": len(offering)}
    light, targeted = str(CooperationKind.LIGHT.label), str(CooperationKind.TARGETED.label)
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Opportunities municipalities have published (grant calls, premises, tax relief, "
            "delegated tasks, events, information support; never drafts), by the kind of "
            "their form of cooperation, and how many are open today. One offered by several "
            "municipalities together counts for each. The chart shows the ten that offer most; "
            "the table lists every municipality."
        ),
        summary=summary,
        columns=[
            _("Municipality"),
            _("Light cooperation"),
            _("Targeted cooperation"),
            _("Open today"),
        ],
        rows=[[row.label, row.light, row.targeted, row.open_now] for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[
                Bar(name, value, colour=colour, group=row.label)
                for row in offering[:MUNICIPALITIES_CHARTED]
                for name, value, colour in [
                    (light, row.light, BRAND),
                    (targeted, row.targeted, ACCENT),
                ]
            ],
        )
        if offering
        else "",
    )


def opportunities_by_instrument(data: Data) -> Figure:
    slug = "opportunities-by-instrument"
    title = _("Support offered by form of cooperation")
    rows = data.opportunities.by_instrument
    kind_names = dict(CooperationKind.choices)
    published = sum(row.published for row in rows)
    open_count = sum(row.open_now for row in rows)
    summary = ngettext(
        "%(count)s opportunity published; %(open)s open today.",
        "%(count)s opportunities published; %(open)s open today.",
        published,
    ) % {"count": published, "open": open_count}
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Published opportunities by the form of cooperation each uses, light or targeted, "
            "and how many of them are open today."
        ),
        summary=summary,
        columns=[_("Form of cooperation"), _("Kind"), _("Published"), _("Open today")],
        rows=[[row.label, str(kind_names[row.kind]), row.published, row.open_now] for row in rows],
        text_columns=2,
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=_bars_by_kind(rows, lambda row: row.published),
        ),
    )


def grant_money(data: Data) -> Figure:
    slug = "grant-money"
    title = _("Money offered in grant calls")
    rows = data.opportunities.grant_money
    calls = sum(row.calls for row in rows)
    budget = _euros(sum((row.budget for row in rows), Decimal(0)))
    open_budget = _euros(sum((row.open_budget for row in rows), Decimal(0)))
    summary = (
        ngettext(
            "%(budget)s euros offered in %(count)s grant call; %(open)s euros in calls open today.",
            "%(budget)s euros offered in %(count)s grant calls; %(open)s euros in calls open "
            "today.",
            calls,
        )
        % {"budget": budget, "count": calls, "open": open_budget}
        if calls
        else _("No grant call has been published yet.")
    )
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "The total budgets of the grant calls municipalities have published, in whole "
            "euros, by the municipality that runs the call, and of those open today."
        ),
        summary=summary,
        columns=[
            _("Municipality"),
            _("Grant calls"),
            _("Total budget (EUR)"),
            _("Open today (EUR)"),
        ],
        rows=[[row.label, row.calls, _euros(row.budget), _euros(row.open_budget)] for row in rows],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label, _euros(row.budget)) for row in rows[:MUNICIPALITIES_CHARTED]],
        )
        if rows
        else "",
        empty=_("No grant call has been published yet."),
    )


def premises_offered(data: Data) -> Figure:
    slug = "premises-offered"
    title = _("Premises offered")
    rows = data.opportunities.premises
    count = sum(row.premises for row in rows)
    area = sum((row.area_m2 for row in rows), Decimal(0))
    summary = _("Premises offered: %(count)s, %(area)s m² in all.") % {
        "count": count,
        "area": _euros(area),
    }
    return Figure(
        slug=slug,
        title=title,
        description=_(
            "Premises and property municipalities have published for social enterprises, by "
            "their terms: free use and transfer free of charge (which the Social Enterprise "
            "Law reserves for enterprises with an active status) or reduced rent."
        ),
        summary=summary,
        columns=[_("Terms"), _("Premises"), _("Area (m²)"), _("Open today")],
        rows=[
            [row.label.capitalize(), row.premises, _euros(row.area_m2), row.open_now]
            for row in rows
        ],
        chart=bar_chart(
            chart_id=slug,
            title=title,
            description=summary,
            bars=[Bar(row.label.capitalize(), row.premises) for row in rows],
        ),
    )


def municipalities_without_opportunity(data: Data) -> Figure:
    rows = data.opportunities.without_open
    total = len(data.opportunities.by_municipality)
    return Figure(
        slug="municipalities-without-opportunity",
        title=_("Municipalities with no open opportunity"),
        description=_(
            "Today's municipalities that offer social enterprises nothing open today on Kopā, "
            "alone or together with others, and how many opportunities each has published "
            "before."
        ),
        summary=ngettext(
            "%(count)s municipality of %(total)s has no open opportunity.",
            "%(count)s municipalities of %(total)s have no open opportunity.",
            len(rows),
        )
        % {"count": len(rows), "total": total},
        columns=[_("Municipality"), _("Planning region"), _("Published before")],
        rows=[[row.label, row.region, row.published] for row in rows],
        text_columns=2,
        empty=_("Every municipality has an open opportunity."),
    )


FIGURES |= {
    "opportunities-by-municipality": opportunities_by_municipality,
    "opportunities-by-instrument": opportunities_by_instrument,
    "grant-money": grant_money,
    "premises-offered": premises_offered,
    "municipalities-without-opportunity": municipalities_without_opportunity,
}
SECTIONS.append(
    (
        "opportunities",
        gettext_lazy("Support municipalities offer"),
        [
            "opportunities-by-municipality",
            "opportunities-by-instrument",
            "grant-money",
            "premises-offered",
            "municipalities-without-opportunity",
        ],
    )
)
