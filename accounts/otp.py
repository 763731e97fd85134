"""The second factor: a code from an authenticator app (TOTP, RFC 6238), with ten one-time
backup codes, through django-otp. Of a backup code only a keyed hash is stored
(accounts.models.BackupCodeDevice): it is shown once, when made, and never again.

Who owes it: every staff account (trade officials, administrators, anyone who may open the
Django admin), and any company user who turned it on. Their session passes the second step
after the password (accounts.views_otp); until then accounts.middleware keeps them on it.
The time of the last verification is kept in the session: an approval above the program's
four-eyes amount asks for the code again when it is older than FRESH_FOR (desk.views.act,
cases.deciding.fresh_second_factor_for_large_amounts).

Enrolments and their removal are sent as signals (`second_factor_enrolled`,
`second_factor_disabled`) from inside their transaction, so a security log can write its row
in it.
"""

from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import urlencode

import django_otp
import segno
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.models import BackupCode, BackupCodeDevice, User, backup_code_digest

BACKUP_CODES = 10
FRESH_FOR = timedelta(minutes=15)
APP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"

# The session's keys: whether this session owes the second step (set at sign-in), when it
# last passed it (Unix time), the secret being enrolled, and new backup codes to show once.
REQUIRED = "otp_required"
VERIFIED_AT = "otp_verified_at"
ENROL_KEY = "otp_enrol_key"
NEW_BACKUP_CODES = "otp_new_backup_codes"

# sender=User, user=, device= (the authenticator app's TOTPDevice)
second_factor_enrolled = Signal()
# sender=User, user=
second_factor_disabled = Signal()


class SecondFactorRefused(Exception):
    """A code that does not open: wrong, used already, or after too many wrong ones."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Who owes it ------------------------------------------------------------------------------


def is_staff_account(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_administrator or user.is_trade_official
    )


def has_second_factor(user) -> bool:
    """An authenticator app, or backup codes (what is left when the app was removed)."""
    return user_has_device(user, confirmed=True)


def second_factor_required(user) -> bool:
    return is_staff_account(user) or has_second_factor(user)


def owes_second_step(request) -> bool:
    """Whether this signed-in, not yet verified session must pass the second step now."""
    required = request.session.get(REQUIRED)
    if required is None:  # a session from before the second factor existed
        required = request.session[REQUIRED] = second_factor_required(request.user)
    # Staff always owe it. Anyone else only while they still have a device: one removed
    # since sign-in (turned off in another browser, or by an administrator) owes nothing,
    # else the second step would send them back to the page that sent them to it.
    return is_staff_account(request.user) or (required and has_second_factor(request.user))


def second_step_url(request) -> str:
    """Where a session that owes the second step goes: enrolment for staff without a
    device, the code otherwise; back to the page asked for afterwards."""
    name = "accounts:second_factor"
    if not has_second_factor(request.user) and is_staff_account(request.user):
        name = "accounts:second_factor_enrol"
    back = request.get_full_path() if request.method == "GET" else ""
    return reverse(name) + (f"?{urlencode({'next': back})}" if back else "")


def recently_verified(request) -> bool:
    """Whether the session passed the second step less than FRESH_FOR ago."""
    at = request.session.get(VERIFIED_AT)
    return (
        request.user.is_verified()
        and at is not None
        and 0 <= timezone.now().timestamp() - at < FRESH_FOR.total_seconds()
    )


def note_sign_in(request, user) -> None:
    """At each sign-in (user_logged_in): does this session owe the second step?"""
    request.session[REQUIRED] = second_factor_required(user)


# Enrolment --------------------------------------------------------------------------------


def new_key() -> str:
    return random_hex(20)


def secret_for_typing(key: str) -> str:
    """The key as an app asks for it when typed: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(*, user, key: str) -> str:
    """The enrolment link as an inline SVG element (no style attribute, no script)."""
    link = TOTPDevice(user=user, key=key, name=APP_DEVICE_NAME).config_url
    return segno.make(link, error="m").svg_inline(
        scale=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        title=str(_("QR code for your authenticator app")),
    )


def _six_digits(token: str) -> bool:
    return len(token) == 6 and token.isdigit()


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()


@transaction.atomic
def otp_enrol(*, user: User, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app that shows `token` for `key`; give ten new backup codes.

    Replaces the user's earlier devices (a new phone). Refuses a wrong code with
    SecondFactorRefused. The codes are returned once, to be shown once.
    """
    token = _clean(token)
    totp = TOTP(unhexlify(key))
    totp.time = timezone.now().timestamp()
    if not (_six_digits(token) and totp.verify(int(token), tolerance=1)):
        raise SecondFactorRefused(_("This code is not right. Enter the code your app shows now."))
    # Two enrolments of one user at once: the second waits, then replaces the first's.
    User.objects.select_for_update().filter(pk=user.pk).first()
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    # last_t: the code just used cannot open a session a second time.
    device = TOTPDevice.objects.create(
        user=user,
        name=APP_DEVICE_NAME,
        key=key,
        confirmed=True,
        drift=totp.drift,
        last_t=totp.t(),
    )
    # Only each code's hash is stored (accounts.models.backup_code_digest).
    backup = BackupCodeDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [BackupCode.new_code() for _ in range(BACKUP_CODES)]
    BackupCode.objects.bulk_create(
        BackupCode(device=backup, digest=backup_code_digest(code)) for code in codes
    )
    second_factor_enrolled.send(sender=User, user=user, device=device)
    return device, codes


@transaction.atomic
def otp_disable(*, user: User) -> None:
    """Turn the second factor off for a company user; staff accounts must keep it."""
    if is_staff_account(user):
        raise SecondFactorRefused(_("Staff accounts must keep two-step verification."))
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    second_factor_disabled.send(sender=User, user=user)


# Verification -----------------------------------------------------------------------------


def otp_verify(*, request, token: str) -> BackupCodeDevice | TOTPDevice:
    """Check a code from the app or a backup code; on success the session is verified now.

    A backup code opens once: its row is deleted, and of two requests with it the one whose
    delete removed the row gets in. Wrong codes slow down the next tries (django-otp's
    throttling, per device), so the six digits cannot be guessed.
    """
    token = _clean(token)
    model = TOTPDevice if _six_digits(token) else BackupCodeDevice
    refusal = _("This code is not right. Enter the code your app shows now, or a backup code.")
    with transaction.atomic():
        # Locked: two requests with one code cannot both get in.
        devices = model.objects.devices_for_user(request.user).select_for_update()
        matched = None
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                refusal = _("Too many wrong codes. Wait a minute, then try again.")
            elif device.verify_token(token):
                matched = device
                break
    # Outside the transaction, so the wrong try's count is kept.
    if matched is None:
        raise SecondFactorRefused(refusal)
    session_verified(request, matched)
    return matched


def session_verified(request, device) -> None:
    django_otp.login(request, device)
    request.session[REQUIRED] = True
    request.session[VERIFIED_AT] = timezone.now().timestamp()


def session_forget(request) -> None:
    for key in (DEVICE_ID_SESSION_KEY, VERIFIED_AT):
        request.session.pop(key, None)
    request.session[REQUIRED] = False
    request.user.otp_device = None


def backup_codes_left(user) -> int:
    return BackupCode.objects.filter(device__user=user, device__confirmed=True).count()


def enrolled_at(user):
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.created_at if device else None
