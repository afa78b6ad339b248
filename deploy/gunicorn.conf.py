"""gunicorn for the web processes: `gunicorn --config deploy/gunicorn.conf.py cms.wsgi`.

The Dockerfile, docs/deploy.md and the production smoke test (tests/production/) all start the
site with this file. gunicorn itself reads two variables of the environment:
- WEB_CONCURRENCY: worker processes (default 1; docker-compose.yml sets 3, the smoke test 2);
- FORWARDED_ALLOW_IPS: the proxies believed about the scheme (default 127.0.0.1,::1). Django
  reads the same variable to believe the client address (cms/middleware.py).
"""

# Inside a container; on a host of its own, bind 127.0.0.1:8000 (command line: --bind).
bind = "0.0.0.0:8000"

# Load the site once in the master, before forking: workers start fast and share its memory.
preload_app = True

# Whether a request came over https is told by the proxy in X-Forwarded-Proto, and believed only
# from the proxies in FORWARDED_ALLOW_IPS. No other header may claim it.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# A worker silent for this long is restarted; nginx waits longer (proxy_read_timeout 60s), so a
# slow page ends as gunicorn's 500 with a log line, not as nginx's 504.
timeout = 30
graceful_timeout = 30
# nginx keeps its own connections to the browsers; between nginx and gunicorn, short ones.
keepalive = 5

# Request-line and header limits (nginx already refuses bodies over client_max_body_size).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Restart each worker now and then, staggered, so slow leaks cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Heartbeat files on tmpfs: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm"

accesslog = "-"
# Path without the query string (a near-me search carries an address) and no referer (it carries
# the previous page's query): client, time, request, status, size, microseconds, user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)s "%(a)s"'
errorlog = "-"
