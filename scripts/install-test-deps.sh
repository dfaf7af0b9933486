#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian/Ubuntu machine, idempotently:
# Debian packages (only those missing), and a Python venv with aiosmtpd (the SMTP server the
# tests send mail to). Needs root or sudo for apt. Prints the venv's python on its last line.
set -euo pipefail

VENV="${HAVEN_VENV:-$HOME/.cache/haven-venv}"
APT_PACKAGES=(python3 python3-venv pkg-config build-essential)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A python3 with venv+ensurepip from elsewhere (pyenv) is as good as Debian's.
if command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == python3 || "$p" == python3-venv ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if command -v cc >/dev/null && command -v pkg-config >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == build-essential || "$p" == pkg-config ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! "$VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  echo "creating $VENV with aiosmtpd" >&2
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --disable-pip-version-check 'aiosmtpd==1.4.6' >&2
fi
echo "$VENV/bin/python"
