#!/usr/bin/env bash
# The browser test drives Debian's Chromium through playwright-core (which never downloads a
# browser of its own). Installs it when it is missing and we may; says what to do otherwise.
set -euo pipefail
browser="${PHONE_EMU_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "phone-emu: installing Debian's chromium for the browser test (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$browser" ] && exit 0
fi
echo "phone-emu: the browser test needs Chromium at $browser: install Debian's chromium (sudo apt-get install chromium) or set PHONE_EMU_CHROMIUM to a Chromium binary" >&2
exit 1
