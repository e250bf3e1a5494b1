"""benchmarks/mentions.py --real on the real news dev set (../shared): the output line
and a floor under the figures, so that a rule tuned on our own sentences cannot quietly
cost recall on real text. The floor sits just under this session's figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from replica_support import shared_path

ROOT = Path(__file__).resolve().parents[1]
LAST_LINE = re.compile(r"^P=(\d\.\d+) R=(\d\.\d+) R_role=(\d\.\d+) nonakims=(\d+) n=(\d+)$")


def test_real_news_figures_hold():
    data = shared_path("data", "realnews", "akim_mentions_dev.jsonl")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "mentions.py"), "--real", str(data)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    match = LAST_LINE.match(result.stdout.strip().splitlines()[-1])
    assert match, result.stdout[-500:]
    p, r, r_role, nonakims, n = (float(g) for g in match.groups())
    assert n == 182
    assert p >= 0.98 and r >= 0.91 and r_role >= 0.89 and nonakims == 0, match.group(0)
