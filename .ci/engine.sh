#!/usr/bin/env bash
# Called by .ci/run before the tests: fetch and build what the engine tests need
# (OpenSearch node via Maven, cached in ~/.m2). The tests start and stop the node
# themselves (tests/engine/conftest.py); with CI=true they fail instead of skipping
# if it cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/opensearch.sh fetch
