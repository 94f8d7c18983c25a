#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build, run and test the app.
# Idempotent and quiet when everything is already there; uses sudo when not
# root. Pass extra package names as arguments (e.g. clang for fuzzing).
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libcsv-dev libsqlite3-dev libsecret-1-dev
  gettext itstool desktop-file-utils appstream
  flatpak-builder   # the manifest check (flatpak-builder --show-manifest)
  tzdata fonts-dejavu-core
  xvfb xauth dbus-daemon dbus
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
