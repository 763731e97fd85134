"""Django's password validators, where our catalogs must carry the message: Django's own
Chinese catalog lacks the minimum length's (Django 5.2), and a Chinese page filled the gap
with the Korean text."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
