#!/usr/bin/env bash
# The photo benchmarks of the Windows build, under Wine (not real
# Windows): the scanner's test binary is cross-compiled with mingw-w64 as
# installer/dist.sh builds the program, and run on one core under wine64.
# libjpeg-turbo cannot run inside Wine, so its figure is the Linux
# djpeg|cjpeg one measured in the same session, just before.
# cpu-ms/op (user+kernel CPU, GetProcessTimes; Wine's own wineserver not
# counted) is the figure to compare on a shared machine; ns/op is wall
# time. Needs wine64, gcc-mingw-w64-x86-64 and, for the reference,
# libjpeg-turbo-progs; skips with a message when Wine or mingw-w64 is
# missing. Env: BENCHTIME (default 10x).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)/installer/wine
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
[ -x "$WINE" ] || { echo "wine64 not installed (Debian: wine64): skipping the Windows benchmark"; exit 0; }
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "mingw-w64 not installed (Debian: gcc-mingw-w64-x86-64): skipping the Windows benchmark"; exit 0; }

work=$(mktemp -d)
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap '"$(dirname "$WINE")/wineserver" -k 2>/dev/null || true; rm -rf "$work"' EXIT

CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
  go test -c -tags sqlite_fts5 -o "$work/scanner_bench.exe" ./scanner/
# Wine 8 lacks bcryptprimitives.dll, without which Go ≥ 1.22 cannot
# start: the smoke test's stand-in (installer/wine) serves here too.
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32
"$WINE" wineboot --init >/dev/null 2>&1 || true
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

bt=${BENCHTIME:-10x}
ref=""
if command -v djpeg >/dev/null; then
  ref=$(go test -tags sqlite_fts5 -run '^$' -bench 'LibjpegTurbo' -benchtime "$bt" -cpu 1 ./scanner/ 2>/dev/null | grep '^Benchmark' || true)
fi
# The test binary runs in the package folder, as go test runs it.
win=$(cd scanner && "$WINE" "$work/scanner_bench.exe" -test.run '^$' -test.bench 'Photo' \
  -test.benchtime "$bt" -test.cpu 1 2>/dev/null | tr -d '\r' | grep '^Benchmark' || true)
[ -n "$win" ] || { echo "the Windows benchmark did not run under Wine"; exit 1; }
echo "Windows build under Wine ($("$WINE" --version 2>/dev/null)):"
echo "$win"
if [ -z "$ref" ]; then
  echo "no libjpeg-turbo reference (install libjpeg-turbo-progs)"
  exit 0
fi
echo "Linux reference, same session:"
echo "$ref"
printf '%s\n%s\n' "$win" "$ref" | awk '
  { for (i = 3; i < NF; i++) { if ($(i+1) == "ns/op") wall[$1] = $i; if ($(i+1) == "cpu-ms/op") cpu[$1] = $i } }
  END {
    ref = "BenchmarkLibjpegTurbo"
    for (b in wall) if (b != ref && b ~ /Photo/) {
      c = (b in cpu && cpu[ref] > 0) ? sprintf("%.2f×", cpu[b] / cpu[ref]) : "n/a"
      printf "%s (Wine) / libjpeg-turbo (Linux): wall %.2f×, cpu %s\n", b, wall[b] / wall[ref], c
    }
  }'
