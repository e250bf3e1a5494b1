#!/usr/bin/env bash
# Called by .ci/run before the tests: the system packages the web interface's
# browser test needs. Chromium comes from Debian's packages and Playwright
# (a Python test extra, installed by `make test`) only drives it
# (executable_path=/usr/bin/chromium): `playwright install` is never run, since
# browser downloads are not reachable here. With CI=true the browser test fails
# (instead of skipping) when Chromium or Playwright is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # fonts-dejavu-core: Cyrillic and Kazakh glyphs in screenshots and SVG charts.
    apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi
chromium --version
mkdir -p tests/artifacts
