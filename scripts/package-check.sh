#!/bin/sh
# Checks a built examday package: its files (dpkg-deb -c) and fields (dpkg-deb -f); with --install, that
# installing it gives a working examday on PATH, `man examday`, a launcher that passes desktop-file-validate,
# bash completion that completes, and a window that opens (under its own Xvfb). .ci/run runs it as root.
#
#   cargo deb && scripts/package-check.sh [--install] target/debian/examday_*.deb
set -eu

install=no
if [ "${1:-}" = "--install" ]; then
    install=yes
    shift
fi
deb=${1:?usage: scripts/package-check.sh [--install] PACKAGE.deb}
fail() {
    echo "package-check: $deb: $*" >&2
    exit 1
}

contents=$(dpkg-deb --contents "$deb")
for path in \
    usr/bin/examday \
    usr/share/applications/examday.desktop \
    usr/share/icons/hicolor/scalable/apps/examday.svg \
    usr/share/icons/hicolor/48x48/apps/examday.png \
    usr/share/icons/hicolor/64x64/apps/examday.png \
    usr/share/icons/hicolor/128x128/apps/examday.png \
    usr/share/icons/hicolor/256x256/apps/examday.png \
    usr/share/icons/hicolor/512x512/apps/examday.png \
    usr/share/man/man1/examday.1.gz \
    usr/share/man/man1/examday-run.1.gz \
    usr/share/man/man1/examday-review.1.gz \
    usr/share/bash-completion/completions/examday \
    usr/share/zsh/vendor-completions/_examday \
    usr/share/fish/vendor_completions.d/examday.fish \
    usr/share/doc/examday/copyright \
    usr/share/doc/examday/README.md \
    usr/share/doc/examday/exam-format.md \
    usr/share/doc/examday/LICENSE-Inter.txt \
    usr/share/doc/examday/LICENSE-rustface \
    usr/share/doc/examday/third-party-licences.txt; do
    echo "$contents" | grep -q " \./$path\$" || fail "it has no /$path"
done
pages=$(echo "$contents" | grep -c '/usr/share/man/man1/examday.*\.1\.gz$' || true)
[ "$pages" -ge 11 ] || fail "it has $pages manual pages; examday and each command have one"

depends=$(dpkg-deb --field "$deb" Depends)
case $depends in *libasound2*) ;; *) fail "Depends does not name ALSA: $depends" ;; esac
case $depends in *libxkbcommon-x11-0*) ;; *) fail "Depends does not name libxkbcommon-x11-0: $depends" ;; esac
case $depends in *vulkan*) fail "Vulkan is in Depends, not Recommends: $depends" ;; esac
case $(dpkg-deb --field "$deb" Recommends) in *libvulkan1*) ;; *) fail "Recommends does not name libvulkan1" ;; esac
echo "package-check: $deb: $(echo "$contents" | wc -l) entries; Depends: $depends"

[ "$install" = yes ] || exit 0

# Whatever happens from here, what this script started is stopped and its folder removed.
home=$(mktemp -d)
app=""
xvfb=""
cleanup() {
    for pid in $app $xvfb; do kill -KILL "$pid" 2> /dev/null || true; done
    rm -rf "$home"
}
trap cleanup EXIT

# --reinstall: this very package, even over an installed examday of the same version.
apt-get install -y --reinstall --no-install-recommends "$(realpath "$deb")" > "$home/install.log" 2>&1 ||
    { cat "$home/install.log" >&2; fail "apt-get install failed"; }
[ "$(command -v examday)" = /usr/bin/examday ] || fail "examday is not /usr/bin/examday on PATH"
packaged=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/examday | sha256sum)
[ "$(sha256sum < /usr/bin/examday)" = "$packaged" ] || fail "/usr/bin/examday is not the packaged binary"
version=$(examday --version)
case $version in "examday $(dpkg-deb --field "$deb" Version | sed 's/-.*//')"*) ;; *) fail "examday --version says: $version" ;; esac
man -w examday > /dev/null || fail "man examday finds no page"
man -P cat examday 2> /dev/null | grep -q "EXIT STATUS" || fail "man examday does not show the page"
man -P cat examday-review 2> /dev/null | grep -q -- "--last" || fail "man examday-review does not show the page"
desktop-file-validate /usr/share/applications/examday.desktop || fail "the installed launcher does not validate"
completed=$(bash -c '. /usr/share/bash-completion/completions/examday
    COMP_WORDS=(examday rev); COMP_CWORD=1; COMP_LINE="examday rev"; COMP_POINT=11
    _examday examday rev examday; echo "${COMPREPLY[*]}"')
[ "$completed" = review ] || fail "bash completion of 'examday rev' gave '$completed'"

# The installed binary opens its window: a short sitting on a virtual screen, with nothing of the user's touched.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$home/display" 2> /dev/null &
xvfb=$!
for _ in $(seq 50); do [ -s "$home/display" ] && break; sleep 0.1; done
display=":$(cat "$home/display")"
EXAMDAY_HOME=$home DISPLAY=$display examday run quick-rehearsal --windowed --no-sound --camera off \
    --microphone off > "$home/out" 2>&1 &
app=$!
window=""
for _ in $(seq 100); do
    window=$(DISPLAY=$display xdotool search --name '^examday - ' 2> /dev/null | head -1) || true
    [ -n "$window" ] && break
    sleep 0.2
done
# SIGTERM asks examday to end its sitting; it is given 10 s before the trap's SIGKILL.
kill "$app" 2> /dev/null || true
for _ in $(seq 100); do kill -0 "$app" 2> /dev/null || break; sleep 0.1; done
[ -n "$window" ] || { cat "$home/out" >&2; fail "the installed examday opened no window"; }
echo "package-check: installed: $version; man, launcher, completion and window checked"
