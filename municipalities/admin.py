from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enterprises.filter_index import refresh_region_index
from portal.admin import FoldedSearchAdmin, MembershipAdmin, PostedKeysAutocompleteMixin

from .models import EmailDomain, Municipality, MunicipalitySupport, Need, Officer, PlanningRegion
from .services import decide_officer, save_need


@admin.register(PlanningRegion)
class PlanningRegionAdmin(FoldedSearchAdmin):
    list_display = ["name_lv", "name_en", "position"]
    search_fields = ["name_lv", "name_en"]


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 0


class MunicipalitySupportInline(PostedKeysAutocompleteMixin, admin.TabularInline):
    model = MunicipalitySupport
    extra = 0
    autocomplete_fields = ["instrument"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("instrument")


class NeedInline(admin.TabularInline):
    """Needs listed under their municipality; each opens on its own page for editing."""

    model = Need
    fields = ["title", "status", "category", "deadline", "published_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category__parent")


@admin.register(Municipality)
class MunicipalityAdmin(FoldedSearchAdmin):
    list_display = ["name", "kind", "atvk", "iso_code", "region", "valid_to", "contact_name"]
    list_filter = ["region", "kind", ("valid_to", admin.EmptyFieldListFilter)]
    list_select_related = ["region"]
    search_fields = ["search_text"]
    readonly_fields = ["updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EmailDomainInline, MunicipalitySupportInline, NeedInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "region", "description", "website"]}),
        (_("Classifiers"), {"fields": ["atvk", "iso_code", "valid_to", "history_note"]}),
        (
            _("Contact person for social enterprises"),
            {
                "fields": [
                    "contact_name",
                    "contact_position",
                    "contact_name_public",
                    "contact_email",
                    "contact_email_public",
                    "contact_phone",
                    "contact_phone_public",
                ]
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change or "region" in form.changed_data:
            # Enterprises serving a region, or all of Latvia, now work in other places.
            refresh_region_index(form.initial.get("region"), obj.region_id)


@admin.register(Need)
class NeedAdmin(FoldedSearchAdmin):
    list_display = ["title", "municipality", "category", "status", "deadline", "published_at"]
    list_filter = ["status", "municipality__region", "category__parent", "reservation"]
    list_select_related = ["municipality", "category__parent"]
    search_fields = ["search_text"]
    date_hierarchy = "published_at"
    show_full_result_count = False
    autocomplete_fields = [
        "municipality",
        "category",
        "target_groups",
        "instruments",
        "cpv_codes",
        "created_by",
    ]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        """Saved in ``save_related``, with its target groups, instruments and codes, through
        the same service as the portal, so its matches are rescored from what was saved."""

    def save_related(self, request, form, formsets, change) -> None:
        save_need(need=form.instance, by=request.user, form=form)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Officer)
class OfficerAdmin(MembershipAdmin):
    list_display = ["user", "municipality", *MembershipAdmin.list_display[1:], "approved_by_domain"]
    list_select_related = [*MembershipAdmin.list_select_related, "municipality"]
    list_filter = [*MembershipAdmin.list_filter, "approved_by_domain", "municipality__region"]
    search_fields = ["user__email", "municipality__name"]
    autocomplete_fields = ["user", "municipality"]

    def decide(self, officer, *, approve, by):
        decide_officer(officer=officer, approve=approve, by=by)
