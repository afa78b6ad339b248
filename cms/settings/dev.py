from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

DEBUG = True
# A fixed, public key is fine for a development server on a laptop; production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Without SITE_URL, our links come from the request (directory/absolute_urls.py); only Wagtail's
# own moderation emails stay relative. Production keeps this warning (make check).
SILENCED_SYSTEM_CHECKS = ["wagtailadmin.W003"]
