#!/bin/sh
# Draws examday's icon at the hicolor theme's sizes from its one source, assets/icons/examday.svg, into
# assets/icons/hicolor/NxN/apps/examday.png (the Debian package installs them and the SVG itself; the window
# uses the 128 one).
# Needs rsvg-convert (apt-get install librsvg2-bin). Run it after changing the SVG, and commit the PNGs.
set -eu
cd "$(dirname "$0")/../assets/icons"
for size in 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" examday.svg --output "hicolor/${size}x${size}/apps/examday.png"
done
echo "icons drawn in $(pwd)/hicolor"
