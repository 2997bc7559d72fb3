#!/usr/bin/env bash
# Smoke-tests the Windows binary under Wine: `version` and `doctor`.
# Wine says nothing about the Windows service manager (Wine's times out
# on start), so the service is not tried here.
# Usage: installer/wine/smoke.sh dist/fieldkit_…_windows_amd64.exe
set -euo pipefail
exe=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
[ -x "$WINE" ] || { echo "wine64 not installed: skipping the Wine smoke test"; exit 0; }
export WINEPREFIX=$(mktemp -d) WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
work=$(mktemp -d)
trap '"$(dirname "$WINE")/wineserver" -k 2>/dev/null || true; rm -rf "$WINEPREFIX" "$work"' EXIT

x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32
"$WINE" wineboot --init >/dev/null 2>&1 || true
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

out=$("$WINE" "$exe" version 2>&1 | tr -d '\r')
echo "$out"
grep -q '^fieldkit ' <<<"$out" || { echo "wine: fieldkit version failed"; exit 1; }

# A real store under Wine: SQLite (cgo, mingw) creates and migrates it.
echo "a-long-password" | "$WINE" "$exe" operator add --name smoke --role agent --data 'C:\fieldkit-data' 2>&1 | tr -d '\r'
port=$(( 20000 + RANDOM % 20000 ))
# The data folder's disk may be small and the portal is not reachable:
# the database, clock, PDF reader and port checks must pass.
"$WINE" "$exe" doctor --data 'C:\fieldkit-data' --addr "127.0.0.1:$port" \
  --portal-url http://127.0.0.1:9 > "$work/doctor.txt" 2>&1 || true
tr -d '\r' < "$work/doctor.txt"
for check in "OK    database               integrity check passed" "OK    document reader" "OK    port" "OK    encryption key"; do
  grep -q -- "$check" "$work/doctor.txt" || { echo "wine: doctor: no \"$check\""; exit 1; }
done
echo "wine smoke ok"
