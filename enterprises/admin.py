from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import FoldedSearchAdmin, MembershipAdmin

from .models import Offering, Representative, SocialEnterprise, Verification
from .services import decide_representative, mark_status_ceased, record_verification


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
    readonly_fields = ["verification", "checked_by", "checked_at", "created_at", "updated_at"]
    inlines = [OfferingInline]
    actions = ["mark_verified", "mark_rejected", "mark_ceased"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "registration_number", "legal_form", "founded_year"]},
        ),
        (
            _("Register of social enterprises"),
            {"fields": ["register_status", "status_granted_on", "status_ended_on"]},
        ),
        (_("Verification"), {"fields": ["verification", "checked_by", "checked_at"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "description",
                    "website",
                    "email",
                    "phone",
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

    @admin.action(description=_("Mark as rejected"))
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request,
            queryset,
            lambda enterprise: record_verification(
                enterprise=enterprise, verification=Verification.REJECTED, by=request.user
            ),
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


@admin.register(Representative)
class RepresentativeAdmin(MembershipAdmin):
    list_display = ["user", "enterprise", *MembershipAdmin.list_display[1:]]
    list_select_related = [*MembershipAdmin.list_select_related, "enterprise"]
    search_fields = ["user__email", "enterprise__name"]
    autocomplete_fields = ["user", "enterprise"]

    def decide(self, membership, *, approve, by):
        decide_representative(membership=membership, approve=approve, by=by)
