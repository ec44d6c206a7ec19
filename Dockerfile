# syntax=docker/dockerfile:1
# One image for every Udvalg service and role. The container's command picks the role:
#   web:     gunicorn ... 'services.<name>.app:create_app()'   (with SCRIPT_NAME=/<name>)
#   worker:  python -m services.<name> worker
#   migrate: python -m services.<name> migrate
# See deploy/README.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UDVALG_VAR_DIR=/var/lib/udvalg \
    UDVALG_LOG_FORMAT=json

RUN groupadd --system --gid 10001 udvalg \
    && useradd --system --uid 10001 --gid udvalg --home-dir /app --shell /usr/sbin/nologin udvalg \
    && mkdir -p /app /var/lib/udvalg \
    && chown udvalg:udvalg /var/lib/udvalg

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY shared ./shared
COPY services ./services
COPY embedded ./embedded
RUN pip install --no-cache-dir --no-deps . \
    && python -c "import shared, services"

USER udvalg:udvalg
VOLUME ["/var/lib/udvalg"]
EXPOSE 8000

# Default role: the web app of the service named by UDVALG_SERVICE (agenda, decisions or awards).
# docker-compose.yml and the Kubernetes manifests always give an explicit command instead.
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-2}\" --forwarded-allow-ips '*' \"services.${UDVALG_SERVICE:?set UDVALG_SERVICE to agenda, decisions or awards}.app:create_app()\""]
