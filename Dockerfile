# Production image: Python 3.11, the locked packages, and the front-end assets built at image time.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never PATH=/opt/venv/bin:$PATH
# WeasyPrint's libraries; and pg_dump/pg_restore for `manage.py backup` and `restore`, of the
# server's major version (docker-compose.yml runs postgres:16; Debian 12's own client is 15,
# which refuses a newer server), from the PostgreSQL project's apt repository.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# collectstatic signs nothing, but production settings refuse a weak key: give it a random one
# that exists only for this command (the real key comes from the environment at run time).
RUN DJANGO_SETTINGS_MODULE=careprog.settings.production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input
RUN useradd --create-home careprog && mkdir -p /app/var/media && chown -R careprog /app/var
USER careprog
EXPOSE 8000
CMD ["gunicorn", "careprog.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--logger-class", "careprog.access_log.RedactingLogger"]
