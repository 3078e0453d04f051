#!/usr/bin/env bash
# Starts Leadlight: installs what is missing, builds the extension, creates the demo database once, serves the API.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh

echo "› building the extension (Chrome and Firefox)"
pnpm --dir extension run build >/dev/null

db=${LEADLIGHT_DB:-./data/leadlight.db}
export LEADLIGHT_DB=$db
port=${LEADLIGHT_PORT:-8787}
if [ ! -f "$db" ]; then
  echo "› creating the demo database $db (one user per role, the X Education ruleset signed off, 9,240 X Education leads)"
  node api/bin/leadlight.mjs demo --db "$db"
fi

cat <<NEXT

Leadlight is starting on http://127.0.0.1:$port (database: $db).
Next:
  1. Chrome → chrome://extensions → Developer mode → "Load unpacked" → $(pwd)/extension/.output/chrome-mv3
     (Firefox: about:debugging → Load Temporary Add-on → extension/.output/firefox-mv3/manifest.json)
  2. Click the Leadlight icon → server URL http://127.0.0.1:$port and a token from $(dirname "$db")/demo-tokens.json
     (the rep's token for the overlay, the admin's or marketer's for the dashboard).
  3. Open a LinkedIn profile, a Gmail or Outlook message, or a Salesforce / HubSpot record.
API docs: http://127.0.0.1:$port/api/v1/docs   ·   Stop with Ctrl+C.

NEXT
exec node api/bin/leadlight.mjs serve --db "$db" --port "$port"
