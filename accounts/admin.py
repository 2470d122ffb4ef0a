from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from portal.admin import WordLimitedSearchMixin

from .models import User


@admin.register(User)
class UserAdmin(WordLimitedSearchMixin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    fieldsets = [*DjangoUserAdmin.fieldsets, (None, {"fields": ["language"]})]


# Django's and allauth's own admins, with the same bound on search words as ours.
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)


@admin.register(Group)
class GroupAdmin(WordLimitedSearchMixin, DjangoGroupAdmin):
    pass


@admin.register(EmailAddress)
class EmailAddressAdmin(WordLimitedSearchMixin, AllauthEmailAddressAdmin):
    pass
