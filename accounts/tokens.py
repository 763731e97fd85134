"""The signed, expiring token in the link that confirms an e-mail address.

The token carries the user's id and the address it was sent to, so a link sent to an
address the user has since changed confirms nothing. It is stateless: nothing is stored,
and the signature's timestamp sets the expiry.
"""

from datetime import timedelta

from django.core import signing

from accounts.models import User

EMAIL_VERIFICATION_MAX_AGE = timedelta(days=3)
_SALT = "accounts.email_verification"


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_SALT, compress=True)


def read_email_verification_token(token: str) -> tuple[int, str]:
    """The (user id, e-mail) a token was made for.

    Raises signing.SignatureExpired for an old link, signing.BadSignature (its parent)
    for anything else that is not a token of ours.
    """
    payload = signing.loads(token, salt=_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE)
    try:
        return int(payload["user"]), str(payload["email"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed e-mail verification payload") from error
