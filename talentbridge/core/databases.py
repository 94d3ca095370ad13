"""The database settings from the environment, for the settings profiles and for benchmarks
that point at a scratch database."""

from __future__ import annotations

import dj_database_url


def database_from_environment(default_url: str) -> dict:
    """DATABASE_URL wins; otherwise the SQLite file. SQLite gets IMMEDIATE transactions."""
    config = dj_database_url.config(default=default_url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config
