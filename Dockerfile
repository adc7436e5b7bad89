# The production image: one image for the app (gunicorn) and the worker (`skolekvalitet worker`).
# Build: docker build -t skolekvalitet .   Run: docker compose up (compose.yaml, docs/how-to/production.md)

# Front-end packages from npm (Designsystemet, htmx), copied where `make install` puts them.
FROM node:22-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
RUN mkdir vendor \
 && cp node_modules/@digdir/designsystemet-css/dist/src/index.css vendor/designsystemet.css \
 && cp node_modules/@digdir/designsystemet-theme/brand/digdir.css vendor/theme.css \
 && cp node_modules/htmx.org/dist/htmx.min.js vendor/htmx.min.js \
 && cp node_modules/axe-core/axe.min.js vendor/axe.min.js

FROM python:3.13-slim-bookworm
# WeasyPrint (PDF) needs Pango; CairoSVG (charts in DOCX) needs Cairo; fonts for both.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    libcairo2 fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=skolekvalitet.site.settings \
    SKOLEKVALITET_DATA_DIR=/data STATIC_ROOT=/app/staticfiles DEBUG=false
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY --from=frontend /build/vendor ./src/skolekvalitet/site/static/vendor
RUN pip install --no-cache-dir ".[s3]"
# Static files are hashed and compressed at build time (whitenoise serves them).
RUN SECRET_KEY=build-only skolekvalitet collectstatic --no-input -v 0 \
 && useradd --system --uid 10001 --home-dir /app skolekvalitet \
 && mkdir -p /data && chown skolekvalitet /data
USER skolekvalitet
VOLUME /data
EXPOSE 8000
# The worker runs the same image with `skolekvalitet worker` (compose.yaml).
CMD ["gunicorn", "skolekvalitet.site.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--access-logfile", "-"]
