#!/usr/bin/env bash
# The sitting's CPU share with the camera on, against the same sitting with it off.
#
#   cargo build --release && scripts/sensor-cost.sh [SECONDS]
#
# Runs target/release/examday under its own Xvfb and openbox on the quick rehearsal (--quick-start, no sound,
# no microphone), once with --camera off and once with --camera frames:DIR@2, where DIR holds a candidate who
# moves a little in every frame (the face fixture shifted by a few pixels, so the finder cannot skip a frame as
# unchanged), and reads the process's CPU time from /proc over SECONDS (default 30) once the exam has started.
# With pulseaudio installed, a third run listens to a private PulseAudio server's silent null sink through
# --microphone auto (the voice detector runs on every sample). Needs xvfb, openbox, xdotool and imagemagick.
# Prints one line per run.
set -eu
seconds=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/target/release/examday
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A moving candidate: 16 shifted copies of the face, played in a loop of 2 fps for the whole run.
mkdir -p "$work/frames"
n=0
for round in $(seq 1 $(( (seconds + 40) / 8 + 1 ))); do
  for dx in -6 -3 0 3 6 3 0 -3; do
    n=$((n + 1))
    dy=$(( (n % 3) - 1 ))
    convert "$root/tests/fixtures/camera/face.png" -roll "$(printf '%+d%+d' "$dx" "$dy")" \
      "$work/frames/$(printf 'f%05d' $n).png"
  done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() {
  local label=$1; shift
  exec 3>"$work/display"
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 2>/dev/null & local xvfb=$!
  sleep 1
  export DISPLAY=:$(head -1 "$work/display")
  XDG_RUNTIME_DIR=$(mktemp -d -p "$work") EXAMDAY_HOME=$(mktemp -d -p "$work") openbox >/dev/null 2>&1 & local wm=$!
  sleep 2
  EXAMDAY_HOME=$(mktemp -d -p "$work") "$bin" run quick-rehearsal --quick-start --no-sound \
    --journal-dir "$work/journals-$label" "$@" >/dev/null 2>&1 & local app=$!
  local window=""
  for _ in $(seq 1 100); do
    window=$(xdotool search --name '^examday' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  # Through the check-in and the rules: Enter until the exam has started.
  for _ in $(seq 1 30); do
    grep -q '"exam_started"' "$work/journals-$label"/*.jsonl 2>/dev/null && break
    xdotool key --window "$window" Return 2>/dev/null || true
    sleep 0.7
  done
  sleep 3
  local hz; hz=$(getconf CLK_TCK)
  local before; before=$(cpu_ticks $app)
  local start; start=$(date +%s.%N)
  sleep "$seconds"
  local after; after=$(cpu_ticks $app)
  local end; end=$(date +%s.%N)
  kill $app $wm $xvfb 2>/dev/null || true
  wait $app $wm $xvfb 2>/dev/null || true
  awk -v t=$((after - before)) -v hz="$hz" -v s="$start" -v e="$end" -v l="$label" \
    'BEGIN { printf "%-24s %.2f%% of one core over %.0f s\n", l, 100 * t / hz / (e - s), e - s }' | tee -a "$work/out"
}

measure "camera off" --camera off --microphone off
measure "camera on (2 fps)" --camera "frames:$work/frames@2" --microphone off
if command -v pulseaudio >/dev/null; then
  pulse=$work/pulse
  mkdir -p "$pulse"
  printf '</usr/share/alsa/alsa.conf>\npcm.!default { type pulse }\nctl.!default { type pulse }\n' > "$pulse/asound.conf"
  export HOME=$pulse XDG_RUNTIME_DIR=$pulse PULSE_RUNTIME_PATH=$pulse/pulse PULSE_SERVER=unix:$pulse/pulse/native
  pulseaudio -n --daemonize=yes --exit-idle-time=-1 --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=mic" 2>/dev/null
  pactl set-default-source mic.monitor
  ALSA_CONFIG_PATH=$pulse/asound.conf measure "microphone on" --camera off --microphone auto
  pactl exit 2>/dev/null || true
fi
grep -q sensor_incident "$work"/journals-camera*/*.jsonl 2>/dev/null && echo "note: the camera raised incidents" || true
