import base64
import datetime

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.models import MembershipStatus
from portal.admin import FoldedSearchAdmin, MembershipAdmin, WordLimitedSearchMixin

from .models import (
    ChangeStatus,
    EnterpriseChangeRequest,
    Offering,
    RegisterEntry,
    RegisterImport,
    Representative,
    SocialEnterprise,
    Verification,
)
from .register_import import (
    COLUMNS,
    MAX_FILE_BYTES,
    REGISTER_FIELDS,
    REGISTER_URL,
    WRITTEN,
    ImportReport,
    Outcome,
    RegisterFileError,
    import_register,
    label,
    show,
    tally,
    verdict,
)
from .services import (
    approve_enterprise_change,
    decide_representative,
    mark_status_ceased,
    record_verification,
    refresh_after_curation,
    reject_enterprise_change,
)

# How long a previewed register file may wait for the curator's confirmation.
REGISTER_PREVIEW_MAX_AGE = 60 * 60
REGISTER_SIGNING_SALT = "enterprises.register-import"


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("register export (CSV)"))
    checked_on = forms.DateField(
        label=_("register checked on"),
        help_text=_(
            "The day the register was exported. Every enterprise in the file is marked as "
            "checked on this day."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    partial = forms.BooleanField(
        label=_("write the valid rows"),
        required=False,
        help_text=_("Without this, nothing is written while any row has errors."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than 2 MB; the register has a few hundred rows.")
            )
        return upload

    def clean_checked_on(self) -> datetime.date:
        day = self.cleaned_data["checked_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The register cannot have been checked on a future day."))
        return day


class RegisterApplyForm(forms.Form):
    """The previewed file and choices, signed, so what is written is what was shown."""

    upload = forms.CharField(widget=forms.HiddenInput, strip=False)

    @staticmethod
    def sign(*, data: bytes, checked_on: datetime.date, partial: bool) -> str:
        upload = {
            "data": base64.b64encode(data).decode("ascii"),
            "checked_on": checked_on.isoformat(),
            "partial": partial,
        }
        return signing.dumps(upload, salt=REGISTER_SIGNING_SALT, compress=True)

    def clean_upload(self) -> dict:
        try:
            upload = signing.loads(
                self.cleaned_data["upload"],
                salt=REGISTER_SIGNING_SALT,
                max_age=REGISTER_PREVIEW_MAX_AGE,
            )
        except signing.SignatureExpired:
            raise ValidationError(
                _("The preview is more than an hour old: check the file again.")
            ) from None
        except signing.BadSignature:
            raise ValidationError(_("The preview cannot be read: check the file again.")) from None
        return {
            "data": base64.b64decode(upload["data"]),
            "checked_on": datetime.date.fromisoformat(upload["checked_on"]),
            "partial": upload["partial"],
        }


class VerificationForm(forms.Form):
    """A curator's decision on the enterprise's change page; a rejection says why."""

    decision = forms.ChoiceField(
        choices=[(Verification.VERIFIED, _("Verify")), (Verification.REJECTED, _("Reject"))]
    )
    reason = forms.CharField(
        label=_("Reason for rejection, sent to the representatives"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Verification.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the enterprise is rejected: its people read it."))
        return data


class RejectionForm(forms.Form):
    """Why the enterprises selected in the list are rejected; their representatives read it."""

    reason = forms.CharField(
        label=_("Reason for rejection, sent to the representatives"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Say why the enterprise is rejected: its people read it.")},
    )


class CheckAgeFilter(admin.SimpleListFilter):
    """The desk's "checks older than 12 months" queue (``due_for_check``)."""

    title = _("register check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [("overdue", _("older than 12 months"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.due_for_check()
        return queryset


class OfferingInline(admin.TabularInline):
    """Quick edits of an enterprise's offerings; the rest on each offering's own page.

    The category is read-only here so the page costs the same queries for 2 or 200 rows.
    """

    model = Offering
    fields = ["title", "kind", "category", "is_active"]
    readonly_fields = ["category"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category__parent")


def with_verified_addresses(queryset: QuerySet) -> QuerySet:
    """Representatives with their people's verified addresses, for the evidence column."""
    return queryset.select_related("user", "enterprise", "decided_by").prefetch_related(
        Prefetch(
            "user__emailaddress_set",
            queryset=EmailAddress.objects.filter(verified=True).order_by("pk"),
            to_attr="verified_addresses",
        )
    )


def evidence_list(membership: Representative) -> str:
    """What the person said and what the portal found, for the curator who decides."""
    stated = [
        (_("Role or position"), membership.role),
        (_("How they are connected"), membership.connection),
    ]
    items = [format_html("<li>{}: {}</li>", label, value or "—") for label, value in stated]
    if membership.authorisation_url:
        items.append(
            format_html(
                '<li>{}: <a href="{}" rel="noopener noreferrer">{}</a></li>',
                _("Signed authorisation"),
                membership.authorisation_url,
                membership.authorisation_url,
            )
        )
    for evidence in membership.automatic_evidence():
        items.append(
            format_html("<li>{} {}</li>", "✔" if evidence.supports else "✘", evidence.text)
        )
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))


class RepresentativeDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("decision"),
        required=False,
        choices=[("", "—"), ("approve", _("approve")), ("reject", _("reject"))],
    )

    class Meta:
        model = Representative
        fields = []


class RepresentativeDecisionFormSet(forms.BaseInlineFormSet):
    """Saving the enterprise's page records each decision through
    ``decide_representative`` (which emails the person); nothing else on a request is
    edited here."""

    decided_by = None

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.forms:
            decision = form.cleaned_data.get("decision")
            if decision and form.instance.status == MembershipStatus.PENDING:
                decide_representative(
                    membership=form.instance, approve=decision == "approve", by=self.decided_by
                )
                self.changed_objects.append((form.instance, ["status"]))
        return [instance for instance, _fields in self.changed_objects]


class RepresentativeInline(admin.TabularInline):
    """The people who act or ask to act for the enterprise, with the evidence for each;
    a curator approves the first representative of a new enterprise here, typically while
    verifying it."""

    model = Representative
    form = RepresentativeDecisionForm
    formset = RepresentativeDecisionFormSet
    fields = ["user", "status", "requested_at", "evidence", "decision"]
    readonly_fields = ["user", "status", "requested_at", "evidence"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("representatives and requests to represent")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return with_verified_addresses(super().get_queryset(request)).order_by(
            "-status", "-requested_at"
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"decided_by": request.user})

    @admin.display(description=_("evidence"))
    def evidence(self, membership: Representative) -> str:
        return evidence_list(membership)


class PendingChangeInline(admin.TabularInline):
    """Changes the representatives proposed that wait for review, each opened to decide."""

    model = EnterpriseChangeRequest
    fields = ["requested_at", "requested_by", "proposed_changes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("changes waiting for review")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).pending().select_related("requested_by")

    @admin.display(description=_("changes"))
    def proposed_changes(self, change: EnterpriseChangeRequest) -> str:
        return change_table(change)


def change_table(change: EnterpriseChangeRequest) -> str:
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}: {} → <strong>{}</strong></li>", change.changes()),
    )


@admin.register(SocialEnterprise)
class SocialEnterpriseAdmin(FoldedSearchAdmin):
    list_display = [
        "name",
        "registration_number",
        "home_municipality",
        "register_status",
        "verification",
        "checked_at",
        "updated_at",
    ]
    list_filter = [
        "verification",
        CheckAgeFilter,
        "register_status",
        "legal_form",
        "home_municipality__region",
        "serves_nationwide",
    ]
    list_select_related = ["home_municipality"]
    search_fields = ["search_text"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = [
        "home_municipality",
        "served_municipalities",
        "served_regions",
        "target_groups",
        "fields_of_activity",
    ]
    readonly_fields = [
        "verification",
        "checked_by",
        "checked_at",
        "verification_note",
        "created_at",
        "updated_at",
    ]
    inlines = [OfferingInline, RepresentativeInline, PendingChangeInline]
    actions = ["mark_verified", "mark_rejected", "mark_ceased"]
    change_list_template = "admin/enterprises/socialenterprise/change_list.html"
    change_form_template = "admin/enterprises/socialenterprise/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "registration_number", "legal_form", "founded_year"]},
        ),
        (
            _("Register of social enterprises"),
            {"fields": ["register_status", "status_granted_on", "status_ended_on"]},
        ),
        (
            _("Verification"),
            {"fields": ["verification", "checked_by", "checked_at", "verification_note"]},
        ),
        (
            _("Profile"),
            {
                "fields": [
                    "description",
                    "website",
                    "email",
                    "email_public",
                    "phone",
                    "phone_public",
                    "target_groups",
                    "fields_of_activity",
                    "employees_total",
                    "employees_target_group",
                ]
            },
        ),
        (
            _("Where it works"),
            {
                "fields": [
                    "home_municipality",
                    "serves_nationwide",
                    "served_regions",
                    "served_municipalities",
                ]
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        refresh_after_curation([form.instance.pk])

    def _apply(self, request: HttpRequest, queryset: QuerySet, change) -> None:
        done, failed = 0, []
        for enterprise in queryset.select_related("home_municipality"):
            try:
                change(enterprise)
            except ValidationError as error:
                failed.append(f"{enterprise}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%d enterprise updated.", "%d enterprises updated.", done) % done,
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description=_("Mark as verified against the register"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request,
            queryset,
            lambda enterprise: record_verification(
                enterprise=enterprise, verification=Verification.VERIFIED, by=request.user
            ),
        )

    @admin.action(description=_("Reject with a reason"), permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Ask why first, on a page of its own as Django's delete confirmation does; then
        reject through the service the change page uses, which emails the reason."""
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._apply(
                request,
                queryset,
                lambda enterprise: record_verification(
                    enterprise=enterprise,
                    verification=Verification.REJECTED,
                    by=request.user,
                    reason=reason,
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reject enterprises"),
            "enterprises": queryset.order_by("name", "pk"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/enterprises/socialenterprise/reject_selected.html", context
        )

    @admin.action(description=_("Mark the register status as ceased today"))
    def mark_ceased(self, request: HttpRequest, queryset: QuerySet) -> None:
        today = timezone.localdate()
        self._apply(
            request,
            queryset,
            lambda enterprise: mark_status_ceased(
                enterprise=enterprise, ended_on=today, by=request.user
            ),
        )

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import-register/",
                self.admin_site.admin_view(self.import_register_view),
                name=f"{info}_import_register",
            ),
            path(
                "<path:object_id>/verification/",
                self.admin_site.admin_view(self.verification_view),
                name=f"{info}_verification",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        enterprise = self.get_object(request, object_id)
        extra = {} if enterprise is None else self._verification_context(request, enterprise)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # What the verification panel compares. The register spells a name its own way ("SIA …",
    # quotes, case), so the name is shown for the curator to judge, never marked as differing.
    COMPARED_FIELDS = ("name", "registration_number", *REGISTER_FIELDS)
    JUDGED_FIELDS = {"name"}

    def _verification_context(self, request, enterprise: SocialEnterprise) -> dict:
        """What the enterprise says beside what the register said of its number."""
        entry = RegisterEntry.objects.filter(
            registration_number=enterprise.registration_number
        ).first()
        last_import = (
            RegisterImport.objects.filter(written=True).only("ran_at", "checked_on").first()
        )
        rows = [
            (
                label(name),
                show(getattr(enterprise, name)),
                show(getattr(entry, name)) if entry else "",
                entry is None
                or name in self.JUDGED_FIELDS
                or getattr(entry, name) == getattr(enterprise, name),
            )
            for name in self.COMPARED_FIELDS
        ]
        return {
            "register_entry": entry,
            "register_confirms": entry is not None and entry.confirms(enterprise),
            "register_rows": rows,
            "last_import": last_import,
            "register_url": REGISTER_URL,
            "verification_form": VerificationForm(),
            "can_verify": self.has_change_permission(request, enterprise),
            "verification_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_verification",
                args=[enterprise.pk],
            ),
        }

    def verification_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Verify or reject the enterprise from its change page, through the service the
        list action uses; the representatives are emailed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        enterprise = get_object_or_404(
            self.get_queryset(request).select_related("home_municipality"), pk=object_id
        )
        if not self.has_change_permission(request, enterprise):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[enterprise.pk]
        )
        form = VerificationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return redirect(change_url)
        decision = Verification(form.cleaned_data["decision"])
        try:
            record_verification(
                enterprise=enterprise,
                verification=decision,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(change_url)
        message = (
            _("%(name)s is verified; its representatives were told.")
            if decision == Verification.VERIFIED
            else _("%(name)s is rejected; its representatives were told why.")
        )
        self.message_user(request, message % {"name": enterprise.name}, messages.SUCCESS)
        return redirect(change_url)

    def import_register_view(self, request: HttpRequest) -> HttpResponse:
        """Upload the Ministry's register export, read what it would change, then apply it."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = RegisterUploadForm(initial={"checked_on": timezone.localdate()})
        report, signed = None, ""
        if request.method == "POST" and "apply" in request.POST:
            apply_form = RegisterApplyForm(request.POST)
            if apply_form.is_valid():
                report = import_register(**apply_form.cleaned_data["upload"], by=request.user)
                if report.written:
                    self.message_user(
                        request, f"{verdict(report)} {tally(report)}", messages.SUCCESS
                    )
                    return redirect(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                    )
            else:
                for error in apply_form.errors.get("upload", []):
                    self.message_user(request, error, messages.ERROR)
        elif request.method == "POST":
            form = RegisterUploadForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data["file"].read()
                choices = {
                    "checked_on": form.cleaned_data["checked_on"],
                    "partial": form.cleaned_data["partial"],
                }
                try:
                    report = import_register(data=data, by=request.user, dry_run=True, **choices)
                except RegisterFileError as error:
                    form.add_error("file", error.messages)
                else:
                    signed = RegisterApplyForm.sign(data=data, **choices)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import the register of social enterprises"),
            "form": form,
            "columns": COLUMNS,
            "report": report,
            **(self._report_context(report, signed) if report else {}),
        }
        return TemplateResponse(
            request, "admin/enterprises/socialenterprise/import_register.html", context
        )

    def _report_context(self, report: ImportReport, signed: str) -> dict:
        # Every error is listed; of the rows that change, the first LISTED_ROWS, so a file at
        # the size limit still previews in seconds (the counts above the table hold them all).
        changed = [row for row in report.rows if row.outcome in WRITTEN]
        unchanged = [row for row in report.rows if row.outcome == Outcome.UNCHANGED]
        return {
            "verdict": verdict(report),
            "counts": [(outcome.label, count) for outcome, count in report.counts.items()],
            "listed_rows": changed[:LISTED_ROWS],
            "unlisted_row_count": max(len(changed) - LISTED_ROWS, 0),
            "unchanged_rows": unchanged[:LISTED_ROWS],
            "unchanged_count": len(unchanged),
            "apply_form": (
                RegisterApplyForm(initial={"upload": signed})
                if signed and report.can_apply
                else None
            ),
        }


# How many changed rows the register import's preview lists one by one.
LISTED_ROWS = 1000


class UnresolvedImportFilter(admin.SimpleListFilter):
    """The desk's "failed register imports" queue (``RegisterImportQuerySet.unresolved``)."""

    title = pgettext_lazy("register import", "outcome")
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return [
            ("unresolved", _("failed, not yet followed by a clean import")),
            ("all", _("with errors")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unresolved":
            return queryset.unresolved()
        if self.value() == "all":
            return queryset.failed()
        return queryset


@admin.register(RegisterImport)
class RegisterImportAdmin(admin.ModelAdmin):
    """Each register import that was meant to write: what it did and every row error.
    Written only by the import itself."""

    list_display = [
        "ran_at",
        "by",
        "checked_on",
        "written",
        "has_errors",
        "row_count",
        "invalid_rows",
    ]
    list_filter = [UnresolvedImportFilter, "written"]
    list_select_related = ["by"]
    fields = [
        "ran_at",
        "by",
        "checked_on",
        "partial",
        "written",
        "has_errors",
        "row_count",
        "invalid_rows",
        "outcome_counts",
        "row_errors",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("outcomes"))
    def outcome_counts(self, run: RegisterImport) -> str:
        return ", ".join(
            f"{Outcome(outcome).label}: {count}" for outcome, count in run.counts.items() if count
        )

    @admin.display(description=_("errors"))
    def row_errors(self, run: RegisterImport):
        return (
            format_html_join(
                "\n",
                "<p>{}{}: {}</p>",
                (
                    (
                        _("line %(line)d") % {"line": error["line"]}
                        if error["line"]
                        else _("the file"),
                        f" · “{error['column']}”" if error["column"] else "",
                        error["message"],
                    )
                    for error in run.errors
                ),
            )
            or "—"
        )


@admin.register(Offering)
class OfferingAdmin(FoldedSearchAdmin):
    list_display = ["title", "enterprise", "kind", "category", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "category__parent", "has_own_area"]
    list_select_related = ["enterprise", "category__parent"]
    search_fields = ["search_text"]
    show_full_result_count = False
    autocomplete_fields = [
        "enterprise",
        "category",
        "cpv_codes",
        "target_groups",
        "instruments",
        "served_municipalities",
        "served_regions",
    ]
    readonly_fields = ["created_at", "updated_at"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # An offering moved to another enterprise leaves the first one changed too.
        moved_from = form.initial.get("enterprise")
        refresh_after_curation([form.instance.enterprise_id, *([moved_from] if moved_from else [])])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        refresh_after_curation([obj.enterprise_id])

    def delete_queryset(self, request, queryset) -> None:
        enterprise_ids = set(queryset.values_list("enterprise", flat=True))
        super().delete_queryset(request, queryset)
        refresh_after_curation(enterprise_ids)


@admin.register(Representative)
class RepresentativeAdmin(MembershipAdmin):
    """Requests to represent an enterprise, with what the person said and what the portal
    found (``Representative.automatic_evidence``), decided with the list's actions."""

    list_display = ["user", "enterprise", *MembershipAdmin.list_display[1:], "evidence"]
    list_select_related = [*MembershipAdmin.list_select_related, "enterprise"]
    search_fields = ["user__email", "enterprise__name"]
    autocomplete_fields = ["user", "enterprise"]
    readonly_fields = [*MembershipAdmin.readonly_fields, "evidence"]

    def get_queryset(self, request):
        return with_verified_addresses(super().get_queryset(request))

    @admin.display(description=_("evidence"))
    def evidence(self, membership: Representative) -> str:
        return evidence_list(membership)

    def decide(self, membership, *, approve, by):
        decide_representative(membership=membership, approve=approve, by=by)


class ChangeDecisionForm(forms.ModelForm):
    """Approve (the values are put in place) or reject with a reason the enterprise reads."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("approve and show the new values")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EnterpriseChangeRequest
        fields = ["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the change is rejected."))
        if cleaned.get("decision") == "approve":
            # The proposed values must still make a valid enterprise (a number taken since,
            # staff figures that no longer add up): said here rather than failing on save.
            enterprise = SocialEnterprise.objects.get(pk=self.instance.enterprise_id)
            for name, value in self.instance.proposed_values().items():
                setattr(enterprise, name, value)
            try:
                enterprise.full_clean()
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(EnterpriseChangeRequest)
class EnterpriseChangeRequestAdmin(WordLimitedSearchMixin, admin.ModelAdmin):
    """A verified enterprise's proposed name, number, status or staff figures: the public
    sees the verified values until a curator decides here."""

    form = ChangeDecisionForm
    list_display = ["enterprise", "status", "requested_by", "requested_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["enterprise", "requested_by"]
    search_fields = ["enterprise__name", "enterprise__registration_number"]
    readonly_fields = [
        "enterprise",
        "proposed_changes",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    fields = [*readonly_fields, "decision", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == ChangeStatus.PENDING)

    @admin.display(description=_("changes"))
    def proposed_changes(self, change: EnterpriseChangeRequest) -> str:
        return change_table(change)

    def save_model(self, request, obj, form, change) -> None:
        # Through the services: they lock, apply with history, refresh the directory and
        # matches, and email the representatives.
        if form.cleaned_data["decision"] == "approve":
            approve_enterprise_change(change=obj, by=request.user)
        else:
            reject_enterprise_change(change=obj, by=request.user, reason=obj.reason)
        obj.refresh_from_db()
