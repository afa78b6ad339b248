# The web image: the site under gunicorn, its static files collected and compressed at build time.
# docker-compose.yml runs it; docs/deploy.md walks through a deployment; the production smoke test
# (tests/test_production.py) runs the same gunicorn command, settings and nginx file without Docker.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cms.settings.production
# pg_dump and pg_restore for `manage.py backup` / `restore` (PostgreSQL 15, like the db service).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, from the project metadata alone, so a code change does not reinstall them.
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# collectstatic loads the production settings, which refuse to start without keys: these exist
# only for this build step. It writes hashed names, .gz and .br files into staticfiles/.
RUN SECRET_KEY=build-only-not-used-at-run-time \
    MATCHING_ENCRYPTION_KEYS=$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
    AUDIT_LOG_KEYS=build-only-not-used-at-run-time \
    python manage.py collectstatic --noinput
# Uploaded media and backups live on volumes mounted here; the site runs as an unprivileged user
# with a fixed uid, so the host's ./backups folder can be given to it (docs/deploy.md, step 2).
RUN useradd --system --uid 10001 --home /app app \
 && mkdir -p /app/media /app/backups \
 && chown app /app/media /app/backups
USER app
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi"]
