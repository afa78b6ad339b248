import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()

# gunicorn loads this module once in its master (preload_app, deploy/gunicorn.conf.py) and forks
# the workers from it: whatever is loaded here is shared by every worker instead of copied into
# each. So load Sudachi's dictionary and a tokenizer now, not at a worker's first search.
from directory.search.japanese import analyse  # noqa: E402 (needs the app registry above)

analyse("食堂")

# Everything loaded so far lives as long as the process: keep the garbage collector from
# re-scanning it on every collection (the main source of tail latency on the map page), and
# from touching (and so un-sharing) the pages the workers inherit.
gc.freeze()
