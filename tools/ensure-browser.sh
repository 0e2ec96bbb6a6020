#!/usr/bin/env bash
# The browser tests drive Debian's chromium (no browser download) and need CJK fonts to render Chinese.
# Install them with apt when missing and we may; otherwise say what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
else
  echo "The browser tests need: ${missing[*]} (Debian: sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
