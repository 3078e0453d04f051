# Sourced by start.sh and test.sh: brings a machine with only Node 20 up to what Leadlight needs.
set -euo pipefail
PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi
# better-sqlite3 compiles here: point node-gyp at the local Node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
echo "› installing dependencies"
pnpm install --frozen-lockfile --reporter=silent
