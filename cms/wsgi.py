import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()
# Everything loaded so far lives as long as the process: keep the garbage collector from
# re-scanning it on every collection (the main source of tail latency on the map page).
gc.freeze()
