#!/usr/bin/env bash
# The one test command (README and .ci/run): prerequisites, formatting, types, every
# project's build and tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/ensure-deps.sh
[ -d node_modules ] || npm ci
npx prettier --check . --log-level warn
# One task at a time: the e2e suites drive nginx, Orthanc and Chromium on 2 cores.
npx nx run-many -t build typecheck test --parallel=1 --output-style=stream
