#!/usr/bin/env bash
# Renders the showcase media that Development seeds into the local `showcase` container
# (AIVideo.Api/Migrate/Seeding/Media). The files are committed; run this only to change them.
# Each clip is 4 s of 480x270 H.264 (a slowly turning gradient with its title) with a JPEG
# poster from its first second; each trial image is a 480x270 JPEG still with its title.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/AIVideo.Api/Migrate/Seeding/Media"
FONT="${AIVIDEO_SEED_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}"
command -v ffmpeg >/dev/null 2>&1 || { echo "ffmpeg not found on PATH" >&2; exit 1; }
[ -f "$FONT" ] || { echo "font not found: $FONT (set AIVIDEO_SEED_FONT)" >&2; exit 1; }
mkdir -p "$OUT"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# name|title|three colours of the gradient
CLIPS=(
  "product-launch|Tech Product Launch|0x1b2a49|0x3a7bd5|0x00d2ff"
  "runway-collection|Runway Collection|0xf7cac9|0x92a8d1|0xffffff"
  "artisan-coffee|Artisan Coffee|0x3e2723|0x8d6e63|0xd7ccc8"
  "modern-loft|Modern Loft Tour|0xf5f5dc|0xc19a6b|0x4a6fa5"
  "off-road-adventure|Off-road Adventure|0x8b5a2b|0xe8a33d|0x3b5323"
  "smart-home-hub|Smart Home Hub|0x0f2027|0x2c5364|0x7fffd4"
  "hot-hatch-review|Hot Hatch Review|0xb71c1c|0x212121|0xff8a65"
  "brand-story|Brand Story|0x6a1b9a|0xffd54f|0x26a69a"
)

render() { ffmpeg -hide_banner -nostdin -loglevel error -y "$@"; }

title() { # text file, font size
  printf 'drawtext=fontfile=%s:textfile=%s:expansion=none:fontcolor=white:fontsize=%s:box=1:boxcolor=black@0.45:boxborderw=10:x=(w-text_w)/2:y=(h-text_h)/2' "$FONT" "$1" "$2"
}

for clip in "${CLIPS[@]}"; do
  IFS='|' read -r name text c0 c1 c2 <<<"$clip"
  printf '%s' "$text" >"$WORK/$name.txt"
  render -f lavfi -i "gradients=size=480x270:rate=24:duration=4:n=3:c0=$c0:c1=$c1:c2=$c2:seed=1:speed=0.03" \
    -vf "$(title "$WORK/$name.txt" 26),format=yuv420p" -an -map_metadata -1 \
    -c:v libx264 -preset slow -crf 33 -tune stillimage -pix_fmt yuv420p -movflags +faststart "$OUT/$name.mp4"
  render -ss 1 -i "$OUT/$name.mp4" -frames:v 1 -q:v 6 -map_metadata -1 "$OUT/$name.jpg"
done

# name|title|three colours of the gradient
TRIALS=(
  "trial-tech-product|Tech Product|0x141e30|0x243b55|0x56ccf2"
  "trial-fashion-portrait|Fashion Portrait|0xee9ca7|0xffdde1|0x6d597a"
  "trial-coffee-table|Coffee Table|0x4e342e|0xa1887f|0xefebe9"
  "trial-city-apartment|City Apartment|0x2c3e50|0xbdc3c7|0xf39c12"
  "trial-rally-car|Rally Car|0x1565c0|0xffffff|0xc62828"
  "trial-sports-coupe|Sports Coupe|0x212121|0xffc107|0x424242"
  "trial-animated-forest|Animated Forest|0x134e5e|0x71b280|0xfff59d"
  "trial-sci-fi-scene|Sci-fi Scene|0x000428|0x004e92|0x9d50bb"
)

for trial in "${TRIALS[@]}"; do
  IFS='|' read -r name text c0 c1 c2 <<<"$trial"
  printf '%s' "$text" >"$WORK/$name.txt"
  render -f lavfi -i "gradients=size=480x270:n=3:c0=$c0:c1=$c1:c2=$c2:seed=1" -frames:v 1 \
    -vf "$(title "$WORK/$name.txt" 26)" -q:v 6 -map_metadata -1 "$OUT/$name.jpg"
done

du -ch "$OUT"/* | tail -n 1
