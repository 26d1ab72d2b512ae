#!/usr/bin/env bash
# Renders the master artwork app.svg into the window icons (PNG 16-512), the Windows .ico and the
# macOS .icns. Needs Debian's librsvg2-bin (rsvg-convert), imagemagick (convert) and icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" app.svg -o "app-$size.png"
done
convert app-16.png app-24.png app-32.png app-48.png app-64.png app-128.png app-256.png app.ico
rsvg-convert -w 1024 -h 1024 app.svg -o /tmp/isstudio-app-1024.png
png2icns app.icns app-16.png app-32.png app-48.png app-128.png app-256.png app-512.png /tmp/isstudio-app-1024.png >/dev/null
rm -f /tmp/isstudio-app-1024.png
ls -l app.*
