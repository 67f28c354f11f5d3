"""Configuration: defaults for a laptop, with DATABASE_URL and SECRET_KEY from the environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seed_data"

# The publisher named in the IATI export. The default is a placeholder, not a registered
# IATI organisation identifier: set IATI_REPORTING_ORG_REF (and NAME, TYPE) before publishing.
IATI_REPORTING_ORG_DEFAULTS = {
    "IATI_REPORTING_ORG_REF": "XX-KZ-SDG-TRACKER",
    "IATI_REPORTING_ORG_NAME": "UN-Kazakhstan SDG Portfolio Tracker",
    "IATI_REPORTING_ORG_TYPE": "40",  # IATI OrganisationType 40: multilateral
}
# Request-rate limits (tracker/rate_limits.py has the defaults) and where their counters
# live: memory:// by default, redis://host:6379 to count across gunicorn workers.
RATE_LIMIT_SETTINGS = (
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_SIGN_IN",
    "RATELIMIT_API",
    "RATELIMIT_DOWNLOADS",
)


def default_database_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'tracker.db'}"


def normalise_database_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form that hosting services hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """A random key kept in the instance folder, so sessions survive restarts on a laptop."""
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: str) -> dict:
    """The settings for a real run, read from the environment."""
    url = os.environ.get("DATABASE_URL") or default_database_url(instance_path)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or instance_secret_key(instance_path),
        "DATABASE_URL": normalise_database_url(url),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        # A signed-in session ends after this long without a request, and this long after
        # signing in however active.
        "SESSION_IDLE_TIMEOUT": timedelta(hours=float(os.environ.get("SESSION_IDLE_HOURS") or 8)),
        "SESSION_LIFETIME": timedelta(hours=float(os.environ.get("SESSION_LIFETIME_HOURS") or 12)),
        **{name: os.environ.get(name) or default
           for name, default in IATI_REPORTING_ORG_DEFAULTS.items()},
        **{name: os.environ[name] for name in RATE_LIMIT_SETTINGS if os.environ.get(name)},
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host: 0 trusts
        # none, so a client cannot pose as another address to the rate limits.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES") or 0),
        # PostgreSQL connections per gunicorn worker: the pool, and how many more at a peak.
        "DATABASE_POOL_SIZE": int(os.environ.get("DATABASE_POOL_SIZE") or 10),
        "DATABASE_MAX_OVERFLOW": int(os.environ.get("DATABASE_MAX_OVERFLOW") or 10),
        # Money figures are converted to this currency at the stored exchange rates.
        "REPORTING_CURRENCY": (os.environ.get("REPORTING_CURRENCY") or "USD").upper(),
        # The month a fiscal year starts in (1: the calendar year); a fiscal year is named
        # after the calendar year it starts in.
        "FISCAL_YEAR_START_MONTH": int(os.environ.get("FISCAL_YEAR_START_MONTH") or 1),
    }  # fmt: skip
