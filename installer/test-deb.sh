#!/usr/bin/env bash
# Installs a Field Kit .deb into a throwaway root (dpkg -x, no system
# change) and checks its files, its systemd unit and that the packaged
# binary runs (`version`, `doctor` on a fresh data dir).
set -euo pipefail
deb=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "test-deb: $*" >&2; exit 1; }

# Whole outputs into variables: `cmd | grep -q` fails under pipefail when
# grep stops reading early.
info=$(dpkg-deb --info "$deb")
grep -q "Package: fieldkit" <<<"$info" || fail "not the fieldkit package"
grep -q "Architecture: amd64" <<<"$info" || fail "not amd64"
dpkg-deb -x "$deb" "$root"
ctl=$(mktemp -d); trap 'rm -rf "$root" "$ctl"' EXIT
dpkg-deb -e "$deb" "$ctl"

[ -x "$root/usr/bin/fieldkit" ] || fail "no /usr/bin/fieldkit"
unit="$root/lib/systemd/system/fieldkit.service"
[ -f "$unit" ] || fail "no systemd unit"
grep -q '^ExecStart=/usr/bin/fieldkit service run --data /var/lib/fieldkit$' "$unit" || fail "unit: ExecStart"
grep -q '^Restart=on-failure$' "$unit" || fail "unit: no restart on failure"
grep -q '^WantedBy=multi-user.target$' "$unit" || fail "unit: not enabled at boot"
grep -q '^StateDirectory=fieldkit$' "$unit" || fail "unit: no state directory"
[ -d "$root/var/lib/fieldkit" ] || fail "no /var/lib/fieldkit"
[ -f "$root/etc/default/fieldkit" ] || fail "no /etc/default/fieldkit"
grep -q '/etc/default/fieldkit' "$ctl/conffiles" || fail "/etc/default/fieldkit is not a conffile"
grep -q 'systemctl enable' "$ctl/postinst" || fail "postinst does not enable the service"
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
  systemd-analyze verify "$unit" 2>&1 | grep -v 'fieldkit' || true
fi

ver=$("$root/usr/bin/fieldkit" version) || fail "binary does not run"
grep -q '^fieldkit ' <<<"$ver" || fail "binary does not run: $ver"
ldd_out=$(ldd "$root/usr/bin/fieldkit" 2>&1 || true)
case "$ldd_out" in
  *"not a dynamic executable"*|*"statically linked"*) echo "binary is static" ;;
  *) fail "binary is dynamically linked: $ldd_out" ;;
esac
data=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
# The portal is not reachable from here (a warning); everything else must pass.
if ! "$root/usr/bin/fieldkit" doctor --data "$data" --addr "127.0.0.1:$port" --portal-url http://127.0.0.1:9 > "$ctl/doctor.txt" 2>&1; then
  grep -q "FAIL  data folder" "$ctl/doctor.txt" || { cat "$ctl/doctor.txt"; rm -rf "$data"; fail "doctor failed"; }
fi
grep -q "OK    document reader" "$ctl/doctor.txt" || { cat "$ctl/doctor.txt"; rm -rf "$data"; fail "static binary cannot read PDFs"; }
rm -rf "$data"
echo "deb ok: $(basename "$deb")"
