#!/usr/bin/env bash
# Starts Leadlight: installs what is missing, builds the extension, prepares the demo database, serves the API.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
echo "› building the extension (Chrome and Firefox)"
pnpm --dir extension run build >/dev/null
echo
echo "Extension built: load extension/.output/chrome-mv3 unpacked at chrome://extensions (Developer mode)."
echo "The API arrives with the API issue; until then the start command only builds."
