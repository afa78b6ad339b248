from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AUDIT_LOG_DEV_KEY,
    AUDIT_LOG_KEYS,
    MATCHING_DEV_ENCRYPTION_KEY,
    MATCHING_ENCRYPTION_KEYS,
    SECRET_KEY,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if MATCHING_DEV_ENCRYPTION_KEY in MATCHING_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "MATCHING_ENCRYPTION_KEYS must be set in the environment for production "
        "(the development key is refused)."
    )
if AUDIT_LOG_DEV_KEY in AUDIT_LOG_KEYS:
    raise ImproperlyConfigured(
        "AUDIT_LOG_KEYS must be set in the environment for production "
        "(the development key is refused)."
    )

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
