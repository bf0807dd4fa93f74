#!/bin/sh
# Installs everything digiden needs to build, run and test on a fresh Debian (bookworm) machine.
# Debian packages only; run as root or with sudo available.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev lcov nginx wrk libjansson-dev libcmocka-dev libsqlite3-dev sqlite3 libsodium-dev libmicrohttpd-dev libxlsxwriter-dev libcurl4-openssl-dev python3-aiosmtpd libxml2-utils libreoffice-calc-nogui"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install-deps: installing$missing"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
else
  echo "install-deps: all Debian packages present"
fi

# Browser tests: Debian's Chromium, Node.js and the npm packages of package.json
# (playwright-core, html-validate, @digital-go-jp/design-tokens). Set
# DIGIDEN_NO_BROWSER=1 to skip them on a machine that only builds and runs digiden.
if [ "${DIGIDEN_NO_BROWSER:-0}" != "1" ]; then
  web=""
  command -v chromium >/dev/null 2>&1 || web="$web chromium"
  command -v node >/dev/null 2>&1 || web="$web nodejs"
  command -v npm >/dev/null 2>&1 || web="$web npm"
  # Japanese glyphs for the screenshots the browser tests save
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || web="$web fonts-noto-cjk"
  if [ -n "$web" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "install-deps: installing$web"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $web
  fi
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/html-validate" ]; then
    echo "install-deps: npm ci (playwright-core, html-validate, design tokens)"
    (cd "$here" && npm ci --no-audit --no-fund)
  fi
fi
