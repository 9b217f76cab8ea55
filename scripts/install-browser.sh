#!/bin/sh
# Installs Debian's Chromium and ChromeDriver (a matching pair) when they are missing.
# portalqa never downloads browsers itself: the system packages are what the scenarios drive.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "portalqa needs Chromium and ChromeDriver. Run as root:" >&2
  echo "  apt-get update && apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "Installing chromium and chromium-driver (Debian packages)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
echo "Installed: $(/usr/bin/chromedriver --version)"
