"""Settings, read from environment variables only.

Every variable goes through one of the small helpers in privacyreq/env.py, which reject malformed
values at start-up with a message naming the variable, rather than letting a typo surface later.
README.md lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# privacyreq's own apps (letters, tracking, warnings, the catalogue) and who runs the site live
# in their own module, read through the same validating helpers.
# Every setting there is one of this module's (Django and mypy read them from here).
from privacyreq.app_settings import *  # noqa: F403
from privacyreq.app_settings import TRACKING_UPLOAD_MAX_BYTES
from privacyreq.env import (
    env_bool,
    env_cache,
    env_document_cache,
    env_file_storage,
    env_int,
    env_list,
    env_networks,
    env_rates,
    env_str,
    sqlite_options,
)

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", False)

# A development key is only acceptable while DEBUG is on; a deployment must set its own.
_DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a secret value when DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Translated reference data (privacyreq/reference/translation.py); before the admin, as its
    # documentation asks, so its admin integration takes effect.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's own form templates, found by TemplatesSetting below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "privacyreq.core",
    "privacyreq.reference",
    "privacyreq.letters",
    "privacyreq.accounts",
    "privacyreq.tracking",
    "privacyreq.alerts",
]

MIDDLEWARE = [
    # First: X-Forwarded-* headers from anyone but the proxies in TRUSTED_PROXIES are dropped
    # before anything reads them (the HTTPS redirect, the client address for rate limits).
    "privacyreq.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the rest, so it sees every response under its paths, error pages included.
    "privacyreq.core.middleware.NoStoreMiddleware",
    "privacyreq.core.middleware.PermissionsPolicyMiddleware",
    "privacyreq.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The admin edits the addresses letters go to: staff must use a second factor to open it.
    "privacyreq.accounts.admin_mfa.StaffMFAMiddleware",
]

ROOT_URLCONF = "privacyreq.urls"
WSGI_APPLICATION = "privacyreq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# SQLITE_BUSY_TIMEOUT: seconds a request waits for SQLite's write lock (20; ignored by PostgreSQL).
DATABASES["default"]["OPTIONS"] = {
    **DATABASES["default"].get("OPTIONS", {}),
    **sqlite_options(
        DATABASES["default"]["ENGINE"], busy_timeout=env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1)
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


CACHES = {
    # A cache every app server shares: allauth's rate limits (login, sign-up, password reset) count
    # attempts in it, so a per-process memory cache would let an attacker spread guesses over
    # workers.
    # Its keys are HMACs keyed from SECRET_KEY (privacyreq.core.cache_keys): a rate-limit
    # counter's key names the client's address, which must not sit in the table or in Redis in
    # clear or as a plain hash anyone could reverse by hashing every address.
    "default": {**env_cache("CACHE_URL"), "KEY_FUNCTION": "privacyreq.core.cache_keys.hashed_key"},
    # Generated documents (privacyreq.letters.cache): personal data, so per process and in memory
    # only, never in the shared cache above.
    "documents": env_document_cache("DOCUMENT_CACHE_ENTRIES", "DOCUMENT_CACHE_SECONDS"),
    # Markup that is the same for every visitor (a blank question's form): no personal data, a
    # few kilobytes an entry, keyed by everything it depends on, so it never needs to expire.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "privacyreq-fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}


# Fresh PDF renders of the questionnaire's letters (~100 ms of CPU each,
# privacyreq.letters.result_views.download), counted in the shared cache above per client address
# and per session. A PDF served from the document cache, or a 304, is never counted.
LETTERS_RENDER_RATE_LIMIT = env_rates("LETTERS_RENDER_RATE_LIMIT", "20/m/ip,60/h/ip,10/m/session")

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tracking:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A code typed into the same browser keeps the session, so the letters a visitor just wrote are
# still there when they come back from signing up.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SESSION_REMEMBER = False
# A live session alone must not be enough to take the account over or take its data: changing the
# email address (and the account's own pages for the data export and deletion, which use
# allauth's decorator) asks the user to confirm it is them, unless they did within the last
# ACCOUNT_REAUTHENTICATION_TIMEOUT seconds (default 300). A fresh login does not count: allauth
# only counts an explicit confirmation. With two-factor authentication on, the confirmation is the
# authenticator code, not the password (privacyreq.accounts.adapter). A password change needs the
# current password already.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("ACCOUNT_REAUTHENTICATION_TIMEOUT", 300, minimum=30)
ACCOUNT_ADAPTER = "privacyreq.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[privacyreq] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("DJANGO_SECURE", not DEBUG) else "http"
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "privacyreq"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Ten, not Django's eight: the breached-password list below holds only passwords of ten
    # characters or more, so a shorter one could never be checked against it.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # About 4.2 million passwords from data breaches, checked offline (privacyreq/accounts/
    # passwords.py). That list holds only passwords of 10 characters or more, hence the minimum.
    {"NAME": "privacyreq.accounts.passwords.BreachedPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Interface and letters in the same seven languages (letters/answers.py names them). The
# interface language comes from the visitor's choice (a cookie) or their browser; URLs stay the
# same in every language, so a link shared or bookmarked works for everyone.
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
]
# Two catalogues per language: the interface's, and the letters' strings apart for a legal
# translator (manage.py catalogues_split sends each string to one of them, never both). The
# letters' is the letters app's own locale, which Django would find anyway; listed here as well so
# that, like the interface's, it comes before every installed app's catalogue (Django's admin and
# allauth translate some of the same words differently). The first stays first: makemessages
# writes there.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "privacyreq" / "letters" / "locale"]
# Dates as each language writes them in a letter ("24 November 2026", "24. November 2026").
FORMAT_MODULE_PATH = ["privacyreq.formats"]
# Reference data translated with django-modeltranslation: each registered field has a column per
# language in LANGUAGES (ai_summary_en, ai_summary_de, ...). English is the checked original and
# what a missing translation falls back to; the pages say which of them they show.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/Dublin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry (package-lock.json) and is served by whitenoise.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]


STORAGES = {
    "default": env_file_storage("FILE_STORAGE"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# Letters and the replies users attach. Never served directly: downloads go through views that
# check the owner.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"

# Anonymous answers live only in the session; a day is enough to finish the questionnaire, and the
# session ends with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 24 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
# Plain HTTP is sent to HTTPS. Behind a TLS proxy this needs DJANGO_BEHIND_PROXY (or every request
# looks like HTTP and redirects forever); a proxy that redirects itself can turn it off instead.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE)
# Load balancers probe the app directly over HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
# Preloading binds the whole registered domain to HTTPS in browsers for months, even after the
# header goes away, so only the domain's owner can opt in.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# Behind a TLS proxy (DJANGO_BEHIND_PROXY), the proxy tells the app the scheme the visitor used
# (X-Forwarded-Proto, for the HTTPS redirect and secure cookies) and their address
# (X-Forwarded-For, for rate limits). Only the proxy may: privacyreq.core.middleware
# .TrustedProxyMiddleware drops X-Forwarded-* from any other address (DJANGO_TRUSTED_PROXIES,
# loopback by default, gunicorn's own default: a proxy on the same host). Without a proxy no
# address is trusted, so the headers are always dropped. GUNICORN_FORWARDED_ALLOW_IPS must name the
# same addresses: gunicorn sets the scheme Django falls back on when the header is gone.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    if not TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "DJANGO_TRUSTED_PROXIES must name the proxy's address when DJANGO_BEHIND_PROXY is on."
        )
elif os.environ.get("DJANGO_TRUSTED_PROXIES", "").strip():
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXIES is set but DJANGO_BEHIND_PROXY is not.")
else:
    TRUSTED_PROXIES = []
# `check --deploy` reports choices the operator made on purpose; keep it quiet about those only, so
# it can gate a deployment with --fail-level WARNING.
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # preload not chosen (see above)
if SECURE and not SECURE_SSL_REDIRECT and "DJANGO_SECURE_SSL_REDIRECT" in os.environ:
    SILENCED_SYSTEM_CHECKS.append("security.W008")  # the operator says the proxy redirects
# Browser features no page here uses (privacyreq.core.middleware.PermissionsPolicyMiddleware).
# browsing-topics is the interest-based ad API that replaced FLoC's interest-cohort.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    ]
}

# No third-party requests: every asset comes from our own origin, and no inline script runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", "mailto:"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Widgets render through the project's template settings, so a widget's template can live in
# templates/ (letters/widgets/date_parts.html) like every other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Form fields (everything but files) may total this much; Django answers 400 above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A whole request body, files included, may be this big (privacyreq.core.middleware): a larger one
# is refused from its Content-Length before anything is read or written to disk.
REQUEST_MAX_BYTES = env_int(
    "REQUEST_MAX_BYTES",
    TRACKING_UPLOAD_MAX_BYTES + 1024 * 1024,
    minimum=DATA_UPLOAD_MAX_MEMORY_SIZE,
)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "privacyreq <noreply@localhost>")

# Every handler writes through the redaction filter (privacyreq.core.logging): a calendar feed's
# token, a password-reset or email-confirmation key in a path ("Not Found: /tracking/calendar/...")
# is a credential, and logs are kept and read by more people than the database.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "privacyreq.core.logging.RedactSecretsFilter"}},
    "formatters": {
        # Django's own, for runserver's request lines (django.utils.log.DEFAULT_LOGGING).
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "level": "INFO",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's default handlers for its loggers (a console handler when DEBUG is on, the
        # admins' email) were set up before this configuration and have no filter: without
        # handlers of its own, "django" passes its records (INFO and up, Django's default) to the
        # root's console above, once, redacted.
        "django": {"handlers": []},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every refused fetch; they are expected and already counted by our
        # fetcher.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
