"""The second factor in tests: a confirmed authenticator app for a user, the code it shows
now (computed from the device's key, as the app does), and a verified session."""

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app (made if they have none)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=otp.APP_DEVICE_NAME, confirmed=True)


def code_now(device_or_key) -> str:
    """The 6-digit code an app shows now, for a device or a raw key (bytes)."""
    key = device_or_key.bin_key if isinstance(device_or_key, TOTPDevice) else device_or_key
    generator = TOTP(key)
    generator.time = timezone.now().timestamp()  # the clock time_machine moves
    return f"{generator.token():06d}"


def verify_session(client: Client, user) -> None:
    """What the second step leaves in a session: the device that verified it, and when."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session[otp.VERIFIED_AT] = timezone.now().timestamp()
    session[otp.REQUIRED] = True
    session.save()
