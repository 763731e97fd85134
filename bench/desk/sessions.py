"""Signed-in officials for the benchmark: a session that has passed the second step, as an
official's has after typing the code, so the pages timed are the desk's and not the step's."""

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp


def signed_in_client(user, host: str) -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=otp.APP_DEVICE_NAME, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[otp.VERIFIED_AT] = timezone.now().timestamp()
    session.save()
    return client
