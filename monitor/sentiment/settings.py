"""The `[sentiment]` section of the configuration.

    [sentiment]
    model = "accurate"   # or "fast" (the default)

"fast" is the linear Russian model (RuSentNE 5-fold F1_PN 0.464, 240-700 mentions/s per
core, by CPU and text); "accurate" mixes in a fine-tuned multilingual-e5-small (see
monitor/data/sentiment/README.md for both figures) and needs `akim-monitor[accurate]`.
MONITOR_SENTIMENT_MODEL overrides the file, e.g. for one `monitor reprocess`.
"""

from __future__ import annotations

import os

from monitor.config import Config, config_section
from monitor.errors import ConfigError

MODELS = ("fast", "accurate")


def sentiment_model(config: Config) -> str:
    raw, where = config_section(config, "sentiment", {"model"})
    model = os.environ.get("MONITOR_SENTIMENT_MODEL") or raw.get("model", "fast")
    if model not in MODELS:
        raise ConfigError(f"{where}: sentiment.model: expected one of {', '.join(MODELS)}, got {model!r}")
    return model


def require_model(config: Config) -> str:
    """The configured model, after checking that its files are installed, so that a
    crawl stops before it starts rather than inside the crawl process."""
    model = sentiment_model(config)
    if model == "accurate":
        from .e5_base import BaseModelError, base_path
        from .encoder import ENCODER_FILE
        from .encoder_onnx import runtime

        runtime()
        for path in (base_path(), ENCODER_FILE):
            if not path.exists():
                raise BaseModelError(f"accurate sentiment model file not found: {path}")
    return model
