#!/bin/sh
# Installs everything digiden needs to build, run and test on a fresh Debian (bookworm) machine.
# Debian packages only; run as root or with sudo available.
set -eu
PKGS="build-essential pkg-config libjansson-dev libcmocka-dev libsqlite3-dev sqlite3 libsodium-dev libmicrohttpd-dev libxlsxwriter-dev libcurl4-openssl-dev libxml2-utils libreoffice-calc-nogui"
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
