#!/usr/bin/env bash
# Installs what the build and the test suite need on a fresh Debian/Ubuntu machine, idempotently:
# Debian packages (only those missing: WebKitGTK + its WebDriver, Xvfb, D-Bus for the desktop
# app and its end-to-end tests, gnome-keyring for the OS keychain, fprintd and python3-dbusmock
# for the fingerprint tests, poppler-utils for reading exported PDFs, xdotool for answering the
# save dialog, the fonts exported PDFs draw every script with — Noto, Noto CJK, Symbola for emoji;
# the app needs them too —, and PostgreSQL's server, which the tests start throwaway clusters of,
# never the machine's), rustfmt and clippy (the test command checks both), the wasm32 target and
# wasm-bindgen-cli for the UI, cargo-deny for the supply-chain check, and a Python venv with aiosmtpd (the SMTP server the tests send
# mail to) and fhir.resources (the FHIR R4B models exports are validated with). Needs root or
# sudo for apt. axe-core (the accessibility rules the e2e tests run in the webview) comes from
# npm into ~/.cache/haven-npm.
# Prints the venv's python on its last line.
# With --app, only what building and running the app needs (no test rig, no venv).
set -euo pipefail

APP_ONLY=false
[ "${1:-}" = --app ] && APP_ONLY=true
VENV="${HAVEN_VENV:-$HOME/.cache/haven-venv}"
if $APP_ONLY; then
  APT_PACKAGES=(pkg-config build-essential libwebkit2gtk-4.1-dev fonts-noto-core fonts-noto-cjk fonts-symbola)
else
  APT_PACKAGES=(python3 python3-venv pkg-config build-essential libwebkit2gtk-4.1-dev webkit2gtk-driver xvfb xauth dbus gnome-keyring fprintd python3-dbusmock poppler-utils xdotool fonts-noto-core fonts-noto-cjk fonts-symbola postgresql npm)
fi

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
# Any node with npm (nvm, NodeSource) fetches axe-core as well as Debian's.
if command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == npm ]] || filtered+=("$p"); done
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

$APP_ONLY || for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    echo "adding the $component component" >&2
    rustup component add "$component" >&2
  fi
done
if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  echo "adding the wasm32-unknown-unknown target" >&2
  rustup target add wasm32-unknown-unknown >&2
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  echo "installing wasm-bindgen-cli 0.2.130" >&2
  cargo install -q wasm-bindgen-cli --version =0.2.130 >&2
fi

if $APP_ONLY; then
  exit 0
fi
# The supply-chain check (licences, banned crates, sources) the test command runs.
if [ "$(cargo deny --version 2>/dev/null)" != "cargo-deny 0.20.2" ]; then
  echo "installing cargo-deny 0.20.2" >&2
  cargo install -q --locked cargo-deny --version =0.20.2 >&2
fi
# axe-core, the accessibility rules the end-to-end tests run inside the app's webview
# (tests/src/audit.rs reads it from here), checked against the hash of the file this project
# audited with, so a changed package is refused rather than run.
AXE_DIR="$HOME/.cache/haven-npm"
AXE_VERSION=4.10.3
AXE_SHA256=880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb
AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
if ! echo "$AXE_SHA256  $AXE_JS" | sha256sum --check --status 2>/dev/null; then
  echo "installing axe-core $AXE_VERSION into $AXE_DIR" >&2
  npm install --prefix "$AXE_DIR" --no-audit --no-fund --no-save --silent "axe-core@$AXE_VERSION" >&2
  echo "$AXE_SHA256  $AXE_JS" | sha256sum --check --status || { echo "axe-core $AXE_VERSION is not the file expected ($AXE_JS)" >&2; exit 1; }
fi
if ! "$VENV/bin/python" -c 'import aiosmtpd, fhir.resources.R4B' 2>/dev/null; then
  echo "creating $VENV with aiosmtpd and fhir.resources" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --disable-pip-version-check 'aiosmtpd==1.4.6' 'fhir.resources==7.1.0' >&2
fi
echo "$VENV/bin/python"
