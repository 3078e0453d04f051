# Sourced by test.sh: end-to-end tests drive Debian's Chromium (never a browser downloaded by Playwright).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "› installing Debian chromium"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "› /usr/bin/chromium is missing: run 'sudo apt-get install -y chromium' (end-to-end tests need it)" >&2
  fi
fi
