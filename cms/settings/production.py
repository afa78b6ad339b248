from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AUDIT_LOG_DEV_KEY,
    AUDIT_LOG_KEYS,
    MATCHING_DEV_ENCRYPTION_KEY,
    MATCHING_ENCRYPTION_KEYS,
    MIDDLEWARE,
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
# Whether a request came over https is gunicorn's to say: it believes X-Forwarded-Proto only from
# the proxies in FORWARDED_ALLOW_IPS (deploy/gunicorn.conf.py). Django does not read the header
# itself, so a client reaching the web process directly cannot claim https.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The web process serves its own static files, behind any proxy: WhiteNoise, right after the
# security headers, answers /static/ from STATIC_ROOT with the hashed names collectstatic wrote,
# cached for ten years (immutable) and compressed (Brotli or gzip, made by collectstatic).
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_security],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after_security:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
