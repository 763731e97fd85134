"""Settings for China Export Support Desk, read from the environment.

With nothing set, the app runs on a laptop: DEBUG on, SQLite under var/, Celery on
kombu's filesystem transport under var/, e-mail written to files under var/mail/.
Production sets DEBUG off, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
CELERY_BROKER_URL (see .env.example).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

# Everything the app writes locally (SQLite, queued tasks, e-mails, uploads) lives here.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)

# A built-in key is acceptable only for a local DEBUG run; it is public, so it signs nothing
# that matters. Without DEBUG, refuse to start rather than run with a guessable key.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with DEBUG off, set SECRET_KEY in the environment "
            "(for instance: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

# Without DEBUG the laptop defaults (SQLite, files for Celery and e-mail, localhost only)
# would quietly run a production site on the wrong things: refuse to start instead.
if not DEBUG:
    _missing = [
        name
        for name in ("ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL")
        if name not in env
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"With DEBUG off, set {', '.join(_missing)} in the environment (see .env.example)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Listed first so that its static files and templates win where names clash.
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    # The second factor (accounts.otp): TOTP from an app, and one-time backup codes
    # (accounts.BackupCodeDevice, hashed). otp_static held the codes in plain text before:
    # it stays for the migration that hashed them (accounts 0012), unused otherwise.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Failed sign-ins counted per account and per client address (accounts.signin_guard).
    "axes",
    # Ours, in dependency order: each may import only the ones below it (pyproject.toml's
    # import-linter contracts prove it). First the pages, one app per kind of user.
    "portal",
    "desk",
    "staffing",
    "bench",
    # Then the data and its rules.
    "insights",
    "outreach",
    "reshoring",
    "cases",
    "applicants",
    "centers",
    "programs",
    "notifications",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers on every response.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.input_guard.InputGuardMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Keeps the client address for the security log (accounts/security.py).
    "accounts.security.SecurityContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a GET on a POST-only address goes back to a page, with a word.
    "config.post_only.PostOnlyMiddleware",
    # After the messages: a session that ends for idleness says so on the next page.
    "accounts.middleware.SessionLifetimeMiddleware",
    # After the password, a staff session (or a company user's who turned it on) passes the
    # second step before any other page.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread",
            ],
            # In every template without a {% load %}: the error summary of a failed form,
            # and the filters for amounts (krw, usd).
            "builtins": ["config.error_summary", "programs.templatetags.formatting"],
        },
    },
]

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the write
    # lock when a transaction starts, so two writers wait (up to the timeout) instead of
    # failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="China Export Support Desk")
# The admin lists devices (to remove a lost phone's) without showing their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Whether trade officials and administrators may register or join a company. Off: a staff
# account is never on both sides of a case (a member is barred from its company's cases all
# the same: cases/recusal.py).
STAFF_MAY_REGISTER_COMPANIES = env.bool("STAFF_MAY_REGISTER_COMPANIES", default=False)

# Sign-in throttling (django-axes): failed sign-ins are counted in the database (so every
# gunicorn worker sees the same count) per account and, separately, per client address;
# either one reaching the limit refuses that account, or that address, for the cool-off,
# even with the right password. Per account alone would let one address try a password on
# every account; per address alone would let a botnet try every password on one account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_VERBOSE = False
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# The lockout ends a fixed time after it began, which the page can say; attempts during it
# are refused without being counted, so they cannot stretch it either.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The sign-in forms' field (ours and the admin's), whatever the user model calls it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.signin_guard.username_of"
AXES_CLIENT_IP_CALLABLE = "accounts.signin_guard.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.signin_guard.lockout_response"
# Reverse proxies in front of the app that each append the address they received from to
# X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).
# 0, the default, trusts no header: the client is REMOTE_ADDR. See accounts.signin_guard.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Account e-mails (a password reset, a confirmation link, "someone tried to sign up with your
# address") sent to one address per hour, per kind; more requests are answered the same way
# but send nothing.
ACCOUNT_EMAILS_PER_HOUR = env.int("ACCOUNT_EMAILS_PER_HOUR", default=3)

# Sessions. Staff (trade officials, administrators) decide on money: their session ends
# when the browser closes, after STAFF_SESSION_IDLE_MINUTES without a request, and
# STAFF_SESSION_MAX_HOURS after signing in. Company members keep theirs across browser
# restarts; it ends after COMPANY_SESSION_IDLE_HOURS without a request, and
# SESSION_COOKIE_AGE seconds after signing in. accounts.middleware applies them.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("STAFF_SESSION_IDLE_MINUTES", default=30))
STAFF_SESSION_MAX_AGE = timedelta(hours=env.int("STAFF_SESSION_MAX_HOURS", default=12))
COMPANY_SESSION_IDLE_TIMEOUT = timedelta(hours=env.int("COMPANY_SESSION_IDLE_HOURS", default=12))

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where Django's formats for a language are corrected (Korean short dates, Chinese
# thousands separators).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Locally, whitenoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded documents live outside any web root and are served only through views that
# check access.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# Uploads. A file past UPLOAD_MAX_FILE_SIZE is refused while the body is read, before it
# is all received (cases/uploads.py); Word, Excel and HWPX files are judged by their
# table of contents, never unpacked, and refused past these limits (cases/documents.py).
UPLOAD_MAX_FILE_SIZE = env.int("UPLOAD_MAX_FILE_SIZE", default=20 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_SIZE = env.int("UPLOAD_ARCHIVE_MAX_SIZE", default=100 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_ENTRIES = env.int("UPLOAD_ARCHIVE_MAX_ENTRIES", default=1000)
# A part inflating more than this many times over, once the whole unpacks to more than
# UPLOAD_ARCHIVE_RATIO_FROM: text compresses 5-20 times, a bomb a thousand.
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", default=200)
UPLOAD_ARCHIVE_RATIO_FROM = env.int("UPLOAD_ARCHIVE_RATIO_FROM", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "cases.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The form fields of one request, files aside: the longest form holds a few texts of some
# thousand characters each (Django's default is 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The cache (the desk's filter options, kept a minute): each process's own memory unless
# CACHE_URL names a shared one (redis://host:6379/2): then a value and its invalidation
# (a program renamed in one gunicorn process) are seen by every process at once.
if "CACHE_URL" in env:
    CACHES = {"default": env.cache_url("CACHE_URL")}
    if "key_prefix" in CACHES["default"]:  # ?key_prefix=... in the URL
        CACHES["default"]["KEY_PREFIX"] = CACHES["default"].pop("key_prefix")
    if CACHES["default"]["BACKEND"].endswith("RedisCache"):
        CACHES["default"]["BACKEND"] = "config.cache.RedisCache"
        CACHES["default"].setdefault("KEY_PREFIX", "desk")

# E-mail: files under var/mail/ locally, SMTP when EMAIL_URL says so.
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="China Export Support Desk <desk@localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Celery. Without CELERY_BROKER_URL, messages and results go through files under var/,
# so a laptop runs a real worker (and beat) without Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        # The transport polls its folder; the default second made a laptop's worker take
        # one task a second.
        "polling_interval": 0.1,
    }
    CELERY_RESULT_BACKEND = env.str(
        "CELERY_RESULT_BACKEND", default=f"file://{VAR_DIR / 'celery' / 'results'}"
    )
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CELERY_RESULT_BACKEND = (
        env.str(
            "CELERY_RESULT_BACKEND",
            default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
        )
        or None
    )
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, and one message at a time is reserved, so a worker
# that dies mid-task leaves the message to be delivered again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker's connection to the broker (web requests publish with BROKER_PUBLISH_TIMEOUT).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# Publishing a task whose result is kept first subscribes to the result on the Redis result
# backend, which by default retries a lost connection 20 times, a second apart: with Redis
# down a request would wait 19 s there. Give up after the same timeout instead.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"timeout": CELERY_BROKER_CONNECTION_TIMEOUT}
}
# A web request publishes with a connection of its own that gives up after this many
# seconds, then stops trying for BROKER_OUTAGE_PAUSE seconds (accounts.broker): a broker
# outage costs a request at most this, and the rows wait for the sweep.
BROKER_PUBLISH_TIMEOUT = env.float("BROKER_PUBLISH_TIMEOUT", default=0.04)
BROKER_OUTAGE_PAUSE = env.float("BROKER_OUTAGE_PAUSE", default=10.0)
# Seconds between a worker's heartbeats (config.heartbeat); /healthz names a worker silent
# for two minutes.
WORKER_HEARTBEAT_EVERY = env.float("WORKER_HEARTBEAT_EVERY", default=30.0)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# What beat runs when: config/beat.py.
from config.beat import CELERY_BEAT_SCHEDULE, SWEEP_EVERY  # noqa: E402, F401

# Production hardening; each can be relaxed from the environment for a TLS-terminating
# proxy setup that needs it.
if not DEBUG:
    # Trust X-Forwarded-Proto only behind a proxy that sets it; otherwise clients could fake it.
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): our own files only, and no inline script or style
# anywhere (no nonce, no 'unsafe-inline'): the pages' CSS and JavaScript live under static/.
# Bootstrap's CSS draws its icons (the menu button, the select arrow, the close button) from
# data: URIs, hence img-src data:. The end-to-end tests fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# No page of ours uses any of these; a script that got in cannot either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes notes every sign-in at INFO; the security log (accounts.SecurityEvent)
    # already records them, and its lockouts are warnings.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
