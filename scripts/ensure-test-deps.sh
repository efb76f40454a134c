#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (idempotent).
set -euo pipefail
need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
# Node runs s3rver and the crypto cross-check tests.
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# Dataans.Server.Tests (issue 4): a real PostgreSQL 15 (the fixtures run initdb/pg_ctl themselves)
# and s3rver from npm (tools/s3rver, started by the fixtures with node).
if ! test -x /usr/lib/postgresql/15/bin/initdb; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15
fi
# Dataans.Server.Tests (issue 17): systemd-analyze checks the documented unit; mount/umount (util-linux)
# give the full-disk fault test its small tmpfs.
command -v systemd-analyze >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd; }
command -v mount >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mount; }
if ! test -d "$(dirname "$0")/../tools/s3rver/node_modules/s3rver"; then
  (cd "$(dirname "$0")/../tools/s3rver" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Reliability soak: dotnet-gcdump (a local tool, .config/dotnet-tools.json) reads the server's live heap.
(cd "$(dirname "$0")/.." && dotnet tool restore >/dev/null)

# Sign-in tests (issues 12 and 17): a real OpenID provider (oidc-provider from npm, tools/oidc-provider).
if ! test -d "$(dirname "$0")/../tools/oidc-provider/node_modules/oidc-provider"; then
  (cd "$(dirname "$0")/../tools/oidc-provider" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Dataans.App.UiTests (issue 6): Debian's Chromium, driven by Microsoft.Playwright (node runs the editor tests).
if ! test -x /usr/bin/chromium; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# Dataans.Desktop.Tests (issue 13): a private Xvfb, xdotool/xprop/xwininfo, GTK 3 + WebKitGTK 4.1 with the tray
# (AppIndicator) and global-key (keybinder) libraries, ImageMagick for screenshots, dbus-daemon for a private
# session bus, desktop-file-validate for the launcher entry, xclip to put an image on the clipboard, and GTK for
# Debian's Python (python3-gi) to drag a file into the window from another application.
desktop_missing=()
for pkg in xvfb xdotool x11-utils libgtk-3-0 libwebkit2gtk-4.1-0 libayatana-appindicator3-1 libkeybinder-3.0-0 imagemagick dbus desktop-file-utils \
  xclip python3-gi gir1.2-gtk-3.0; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || desktop_missing+=("$pkg")
done
if [ ${#desktop_missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${desktop_missing[@]}"
fi
