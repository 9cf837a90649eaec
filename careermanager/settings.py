"""Django settings for Career Manager.

Every value a deployment may change is read from the environment through the typed readers in
`careermanager.env`; README.md lists them. Defaults suit one person on a laptop: SQLite under
`var/`, emails kept in the in-app outbox, background tasks run in-process.
"""

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from careermanager.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_decimal,
    env_int,
    env_list,
    env_str,
    generated_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CAREERMANAGER_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_choice("CAREERMANAGER_ENV", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("CAREERMANAGER_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("CAREERMANAGER_DEBUG cannot be true when CAREERMANAGER_ENV=production")

SECRET_KEY = env_str("CAREERMANAGER_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigurationError("CAREERMANAGER_SECRET_KEY (or _FILE) is required in production")
    SECRET_KEY = generated_secret(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list(
    "CAREERMANAGER_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("CAREERMANAGER_ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("CAREERMANAGER_CSRF_TRUSTED_ORIGINS")

# Service identity, shown in the header, emails and documents.
SERVICE_NAME = env_str("CAREERMANAGER_SERVICE_NAME", "Career Manager")
INSTITUTION_NAME = env_str("CAREERMANAGER_INSTITUTION_NAME", "")
# Where reminders about applications not yet received go; empty: every active staff member.
REGISTRATION_STAFF_EMAIL = env_list("CAREERMANAGER_REGISTRATION_STAFF_EMAIL")
# The REST API: requests one token may make each minute, and the longest a token may last.
API_RATE_LIMIT = env_int("CAREERMANAGER_API_RATE_LIMIT", 120, minimum=1)
API_TOKEN_MAX_DAYS = env_int("CAREERMANAGER_API_TOKEN_MAX_DAYS", 365, minimum=1)
# The public address links in emails start with (core.mail.absolute_url). Outside production,
# links follow the address each request came to, and this is used outside a request.
SITE_URL = env_str("CAREERMANAGER_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
SITE_URL = SITE_URL.rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ConfigurationError("CAREERMANAGER_SITE_URL is required in production")

INSTALLED_APPS = [
    "careermanager.core",
    "careermanager.accounts",
    "careermanager.profiles",
    "careermanager.competence",
    "careermanager.cpd",
    "careermanager.development",
    "careermanager.documents",
    "careermanager.declarations",
    "careermanager.registration",
    "careermanager.review",
    "careermanager.reports",
    "careermanager.api",
    "careermanager.portability",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    # First: every request gets its id and its log line (core.logs); the health checks are
    # answered before sessions, log-in, host and HTTPS checks (core.health).
    "careermanager.core.logs.RequestLogMiddleware",
    "careermanager.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "careermanager.core.sessions.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careermanager.accounts.middleware.OTPMiddleware",
    "careermanager.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careermanager.core.middleware.AuditContextMiddleware",
    "careermanager.core.middleware.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so every check above runs before a page is served from memory.
    "careermanager.core.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "careermanager.urls"
WSGI_APPLICATION = "careermanager.wsgi.application"
ASGI_APPLICATION = "careermanager.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "careermanager" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careermanager.core.context_processors.service",
            ],
            "builtins": ["careermanager.core.templatetags.core_format"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'careermanager.sqlite3'}"),
        conn_max_age=env_int("CAREERMANAGER_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server and an in-process task read while another request writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# Connections are kept between requests (CAREERMANAGER_DB_CONN_MAX_AGE seconds, SQLite too):
# opening one and running its PRAGMAs costs more than most pages' queries.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Members' main pages are kept in each process's memory until the data changes
# (core.pagecache, decision 0011): at most this many pages per process; 0 turns it off.
PAGE_CACHE_ENTRIES = env_int("CAREERMANAGER_PAGE_CACHE_ENTRIES", 1000, minimum=0)
PAGE_CACHE_VIEWS = {
    "core:home",
    "competence:index",
    "profiles:index",
    "cpd:index",
    "cpd:activity-list",
}
# Staff pages kept on the global number alone: they may show only the tables in
# core.pagecache.SHARED_TABLES, whose changes raise it.
PAGE_CACHE_STAFF_VIEWS = {"profiles:staff-members"}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": max(PAGE_CACHE_ENTRIES, 1)},
    },
}

# Accounts and passwords
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with what every page's frame asks of them.
    "careermanager.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "careermanager.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Argon2id's cost per sign-in: OWASP's minimum by default (careermanager/accounts/hashers.py).
PASSWORD_ARGON2_MEMORY_KIB = env_int("CAREERMANAGER_PASSWORD_MEMORY_KIB", 19_456, minimum=19_456)
PASSWORD_ARGON2_TIME_COST = env_int("CAREERMANAGER_PASSWORD_TIME_COST", 2, minimum=2)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("CAREERMANAGER_LINK_TIMEOUT_HOURS", 24, minimum=1) * 3600

# Lock out a username from one address after repeated failures: the sixth wrong password
# in a row shows the lock-out page.
AXES_FAILURE_LIMIT = env_int("CAREERMANAGER_LOGIN_FAILURE_LIMIT", 6, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "careermanager.accounts.models.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "careermanager.core.middleware.client_ip"

# Behind a proxy every request comes from the proxy's address; the client's is read from the
# header the proxy sets (core.middleware.client_ip), for the lock-out and the audit trail.
BEHIND_PROXY = env_bool("CAREERMANAGER_BEHIND_PROXY", False)
CLIENT_IP_HEADER = env_str("CAREERMANAGER_CLIENT_IP_HEADER", "")
TRUSTED_PROXIES = env_list("CAREERMANAGER_TRUSTED_PROXIES")
for _network in TRUSTED_PROXIES:
    try:
        ip_network(_network, strict=False)
    except ValueError as exc:
        raise ConfigurationError(f"CAREERMANAGER_TRUSTED_PROXIES: {exc}") from exc

OTP_TOTP_ISSUER = SERVICE_NAME

# Legacy imports turn "2 days" into hours with this working day.
CPD_HOURS_PER_DAY = env_decimal("CAREERMANAGER_CPD_HOURS_PER_DAY", "7.5", minimum="1", maximum="24")
# A calendar import reads at most this many events, each repeat of a repeating event counting.
CALENDAR_MAX_EVENTS = env_int("CAREERMANAGER_CALENDAR_MAX_EVENTS", 2000, minimum=1)

# Pace reminders (`careermanager send_cpd_reminders`, cpd/reminders.py) go to members behind
# their CPD policy's pace this many days before the policy's period closes, once each.
CPD_REMINDER_DAYS = []
for _days in env_list("CAREERMANAGER_CPD_REMINDER_DAYS", ["60", "14"]):
    if not _days.isdigit() or not 1 <= int(_days) <= 366:
        raise ConfigurationError(
            "CAREERMANAGER_CPD_REMINDER_DAYS: use whole numbers of days from 1 to 366, "
            f"not {_days!r}"
        )
    CPD_REMINDER_DAYS.append(int(_days))
CPD_REMINDER_DAYS = sorted(set(CPD_REMINDER_DAYS), reverse=True)

# Emailed links for guests (verifiers, attesters) stop working after this many days.
GUEST_TICKET_DAYS = env_int("CAREERMANAGER_GUEST_TICKET_DAYS", 30, minimum=1)

# Documents made in the background (CPD reports) are kept this long, then
# `careermanager remove_expired_documents` deletes them.
DOCUMENT_DAYS = env_int("CAREERMANAGER_DOCUMENT_DAYS", 7, minimum=1)
# `careermanager apply_retention` (core.retention), daily: guest links this many days past
# their expiry or revocation are deleted (0: kept); audit events older than this many days
# are deleted (0: kept for ever; 2555 days is about 7 years).
GUEST_TICKET_RETENTION_DAYS = env_int("CAREERMANAGER_GUEST_TICKET_RETENTION_DAYS", 90, minimum=0)
AUDIT_RETENTION_DAYS = env_int("CAREERMANAGER_AUDIT_RETENTION_DAYS", 2555, minimum=0)
# /health/ready fails when more tasks than this wait for a worker, or the oldest has waited
# longer than this many seconds (core.health); 0 leaves that check out.
HEALTH_MAX_WAITING_TASKS = env_int("CAREERMANAGER_HEALTH_MAX_WAITING_TASKS", 1000, minimum=0)
HEALTH_MAX_TASK_WAIT_SECONDS = env_int("CAREERMANAGER_HEALTH_MAX_TASK_WAIT_SECONDS", 900, minimum=0)
# The years members may declare their CPD for, e.g. "2025,2026"; empty: last year and this
# year (careermanager/declarations/years.py).
DECLARATION_YEARS = env_list("CAREERMANAGER_DECLARATION_YEARS")
# Plausible dates for records (core/dates.py): from this year to so many years after this one.
EARLIEST_YEAR = env_int("CAREERMANAGER_EARLIEST_YEAR", 1950, minimum=1900)
YEARS_AHEAD = env_int("CAREERMANAGER_YEARS_AHEAD", 10, minimum=1)

# Sessions: end after a period without activity. core.sessions.IdleTimeoutMiddleware renews
# the expiry at most once a minute instead of saving the session on every request. They are
# database sessions, loaded with a query compiled once per process (core.sessions.SessionStore).
SESSION_ENGINE = "careermanager.core.sessions"
SESSION_COOKIE_AGE = env_int("CAREERMANAGER_SESSION_IDLE_MINUTES", 60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers apply everywhere so development shows what production enforces.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The service worker and the web app manifest (core.webapp), from our own address only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("CAREERMANAGER_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CAREERMANAGER_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix binds the cookie to this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Email: the outbox keeps every message readable in the app; SMTP for institutions.
MAIL_BACKEND_CHOICES = {
    "outbox": "careermanager.core.mail.OutboxBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
_email_choice = env_choice(
    "CAREERMANAGER_EMAIL", tuple(MAIL_BACKEND_CHOICES), "smtp" if PRODUCTION else "outbox"
)
MAILERS = {"default": {"BACKEND": MAIL_BACKEND_CHOICES[_email_choice]}}
if _email_choice == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("CAREERMANAGER_EMAIL_HOST", "localhost"),
        "port": env_int("CAREERMANAGER_EMAIL_PORT", 587, minimum=1),
        "username": env_str("CAREERMANAGER_EMAIL_USER"),
        "password": env_str("CAREERMANAGER_EMAIL_PASSWORD"),
        "use_tls": env_bool("CAREERMANAGER_EMAIL_TLS", True),
        "timeout": 20,
    }
# Emails anyone can cause (password reset, "already registered", confirmation and verifier
# links): at most this many an hour to one address and about one member (core.mail).
EMAIL_LIMIT_PER_ADDRESS = env_int("CAREERMANAGER_EMAIL_LIMIT_PER_ADDRESS", 3, minimum=1)
EMAIL_LIMIT_PER_MEMBER = env_int("CAREERMANAGER_EMAIL_LIMIT_PER_MEMBER", 3, minimum=1)
DEFAULT_FROM_EMAIL = env_str("CAREERMANAGER_FROM_EMAIL", "Career Manager <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: in-process by default; a database queue with `db_worker` for institutions.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[
            env_choice(
                "CAREERMANAGER_TASKS",
                ("immediate", "database"),
                "database" if PRODUCTION else "immediate",
            )
        ],
        "QUEUES": ["default"],
    }
}

# Files
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Outside production the app serves its own static files straight from the packages.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env_str("CAREERMANAGER_S3_BUCKET"):
    # Uploads on S3-compatible storage; needs the `s3` extra (django-storages, boto3).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("CAREERMANAGER_S3_BUCKET"),
            "endpoint_url": env_str("CAREERMANAGER_S3_ENDPOINT") or None,
            "region_name": env_str("CAREERMANAGER_S3_REGION") or None,
            "access_key": env_str("CAREERMANAGER_S3_ACCESS_KEY") or None,
            "secret_key": env_str("CAREERMANAGER_S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("CAREERMANAGER_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# One JSON object per line on standard error (core.logs): a line for every request, with its
# id on every line; tokens in paths are never written. "text" suits a developer's console.
LOG_FORMAT = env_choice(
    "CAREERMANAGER_LOG_FORMAT", ("json", "text"), "json" if PRODUCTION else "text"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "careermanager.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "careermanager.core.logs.JSONFormatter"},
        "text": {"()": "careermanager.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("CAREERMANAGER_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        # Each request is logged once, by core.logs; Django's line for a 4xx would repeat it.
        "django.request": {"level": "ERROR"},
        # The development server's own line carries the query string.
        "django.server": {"level": "ERROR"},
    },
}

FORM_RENDERER = "careermanager.core.forms.FormRenderer"
CSRF_FAILURE_VIEW = "careermanager.core.views.csrf_failure"
