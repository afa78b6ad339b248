# The web image: gunicorn serving the Django/Wagtail site. For deployment; tests never need it.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cms.settings.production
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY cms cms
COPY directory directory
COPY matching matching
COPY static static
COPY manage.py ./
RUN pip install --no-cache-dir -c constraints.txt . \
 && SECRET_KEY=build-only-not-used-at-run-time \
    MATCHING_ENCRYPTION_KEYS=$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
    AUDIT_LOG_KEYS=build-only-not-used-at-run-time \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app app && chown -R app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "cms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
