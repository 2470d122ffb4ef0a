from django.contrib import admin

from enterprises.filter_index import refresh_category_index
from portal.admin import FoldedSearchAdmin, PostedKeysAutocompleteMixin, WordLimitedSearchMixin

from .models import (
    Cooperation,
    CooperationEvent,
    CpvCode,
    FieldOfActivity,
    Instrument,
    ServiceCategory,
    TargetGroup,
)


@admin.register(Instrument)
class InstrumentAdmin(FoldedSearchAdmin):
    list_display = ["name_lv", "name_en", "kind", "requires_register_status", "position"]
    list_filter = ["kind", "requires_register_status"]
    list_editable = ["position"]
    search_fields = ["name_lv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["kind", "slug", "position", "requires_register_status"]}),
        ("Latviešu", {"fields": ["name_lv", "description_lv", "audience_lv", "legal_basis_lv"]}),
        ("English", {"fields": ["name_en", "description_en", "audience_en", "legal_basis_en"]}),
    ]


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(FoldedSearchAdmin):
    list_display = ["name_lv", "name_en", "parent", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name_lv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "parent" in form.changed_data:
            refresh_category_index(obj)


@admin.register(TargetGroup)
class TargetGroupAdmin(FoldedSearchAdmin):
    list_display = ["name_lv", "name_en", "regulation_point", "position"]
    search_fields = ["name_lv", "name_en", "regulation_point"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(FieldOfActivity)
class FieldOfActivityAdmin(FoldedSearchAdmin):
    list_display = ["name_lv", "name_en", "position"]
    search_fields = ["name_lv", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(CpvCode)
class CpvCodeAdmin(FoldedSearchAdmin):
    list_display = ["code", "label_lv", "label_en", "art77_reservable"]
    list_filter = ["art77_reservable"]
    search_fields = ["code", "label_lv", "label_en"]


class CooperationEventInline(admin.TabularInline):
    model = CooperationEvent
    fields = ["at", "side", "by", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Cooperation)
class CooperationAdmin(PostedKeysAutocompleteMixin, WordLimitedSearchMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "enterprise", "status", "initiated_by", "updated_at"]
    list_filter = ["status", "initiated_by", "instruments__kind", "municipality__region"]
    list_select_related = ["municipality", "enterprise"]
    search_fields = ["title", "municipality__name", "enterprise__name"]
    autocomplete_fields = ["municipality", "enterprise", "need", "offerings", "instruments"]
    readonly_fields = ["created_at", "updated_at", "completed_at", "created_by"]
    inlines = [CooperationEventInline]
    show_full_result_count = False
