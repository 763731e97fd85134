from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, OutgoingEmail, SecurityEvent, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "language",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", "groups", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "language"]}),
        (
            _("Roles and access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "email_verified_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups"]

    # The administrator role may manage users, but not make anyone (itself included) a
    # superuser, nor touch a superuser's account: that stays with the superusers.
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "is_superuser"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Whether each account e-mail went out: for administrators answering "I never got it".
    Read-only: the outbox alone writes these rows."""

    list_display = ["kind", "to", "created_at", "status", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    """Who has which second factor, without its secret; an administrator removes a lost
    phone's (the person enrols a new one at the next sign-in). Nobody adds or edits one
    here: a person enrols their own (accounts.otp)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log, to read: nobody adds, changes or deletes an entry (the database
    refuses it too). Administrators also read it at /staff/security-log/."""

    list_display = ["at", "action", "actor_email", "ip_address", "object_type", "object_label"]
    list_filter = ["action"]
    search_fields = ["actor_email", "object_label"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = [field.name for field in SecurityEvent._meta.fields]
    # No bulk action, so no "delete selected" either.
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BackupCodeDevice)
class BackupCodeDeviceAdmin(SecondFactorDeviceAdmin):
    """Who has backup codes and how many are left; never the codes, nor their hashes (a
    hash is no secret worth showing and would only invite guessing)."""

    list_display = [*SecondFactorDeviceAdmin.list_display, "codes_left"]
    fields = [*SecondFactorDeviceAdmin.fields, "codes_left"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(codes_left=Count("codes"))

    @admin.display(description=_("codes left"), ordering="codes_left")
    def codes_left(self, device):
        return device.codes_left


# django-otp's own admin pages show and change secrets (and a QR code of them): ours.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SecondFactorDeviceAdmin)
# Backup codes are BackupCodeDevice's now (accounts/migrations/0012): django-otp's
# StaticDevice, which held them in plain text, stays unused and out of the admin.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
