#!/usr/bin/env bash
# Builds every Field Kit artefact on Linux (`make dist`):
#   dist/fieldkit_VERSION_linux_amd64           static Linux binary
#   dist/fieldkit_VERSION_amd64.deb            Debian package with the systemd unit
#   dist/fieldkit_VERSION_windows_amd64.exe    Windows binary (cgo via mingw-w64)
#   dist/FieldKit-Setup-VERSION.exe            Windows installer (NSIS)
#   dist/SHA256SUMS
# Needs: go, gcc, gcc-mingw-w64-x86-64, nsis (makensis); nfpm is installed
# with `go install` when missing. Signing: set SIGN_CERT (PEM or PKCS#12)
# and SIGN_KEY (PEM key; empty for PKCS#12), SIGN_PASS optional; without
# them the Windows files are left unsigned.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
NFPM_VERSION=v2.45.2
GIT=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
# Debian and Windows want a version starting with a digit.
VERSION=${VERSION:-0.1.0~git${GIT}}
OUT=$(realpath -m "${DIST:-dist}")
TAGS="sqlite_fts5 sqlite_omit_load_extension netgo osusergo"
LDFLAGS="-s -w -X fieldkit/agent.Version=${VERSION}"

rm -rf "$OUT"
mkdir -p "$OUT"
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "Linux amd64 binary (static)"
CGO_ENABLED=1 GOOS=linux GOARCH=amd64 $GO build -tags "$TAGS" -trimpath \
  -ldflags "$LDFLAGS -linkmode external -extldflags -static" \
  -o "$OUT/fieldkit_${VERSION}_linux_amd64" ./agent/cmd/fieldkit

step "Windows amd64 binary (mingw-w64)"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=${WIN_CC:-x86_64-w64-mingw32-gcc} \
  $GO build -tags "$TAGS" -trimpath -ldflags "$LDFLAGS" \
  -o "$OUT/fieldkit_${VERSION}_windows_amd64.exe" ./agent/cmd/fieldkit

sign() { # sign FILE: Authenticode with osslsigncode when a certificate is set
  [ -n "${SIGN_CERT:-}" ] || return 0
  local args=(sign -n "Field Kit" -in "$1" -out "$1.signed")
  case "$SIGN_CERT" in
    *.p12|*.pfx) args+=(-pkcs12 "$SIGN_CERT") ;;
    *) args+=(-certs "$SIGN_CERT" -key "$SIGN_KEY") ;;
  esac
  [ -n "${SIGN_PASS:-}" ] && args+=(-pass "$SIGN_PASS")
  [ -n "${SIGN_TIMESTAMP_URL:-}" ] && args+=(-t "$SIGN_TIMESTAMP_URL")
  osslsigncode "${args[@]}" >/dev/null
  mv "$1.signed" "$1"
  echo "signed $1"
}
sign "$OUT/fieldkit_${VERSION}_windows_amd64.exe"

step "Windows installer (NSIS)"
# NSIS's VIProductVersion-free script takes any version text.
makensis -V2 -DVERSION="$VERSION" -DEXE="$OUT/fieldkit_${VERSION}_windows_amd64.exe" \
  -DOUTFILE="$OUT/FieldKit-Setup-${VERSION}.exe" installer/windows/fieldkit.nsi
sign "$OUT/FieldKit-Setup-${VERSION}.exe"

step ".deb (nfpm)"
NFPM=$(command -v nfpm || true)
if [ -z "$NFPM" ]; then
  # A build tool, not a module dependency: installed into GOPATH/bin once.
  $GO install "github.com/goreleaser/nfpm/v2/cmd/nfpm@${NFPM_VERSION}"
  NFPM="$($GO env GOPATH)/bin/nfpm"
fi
mkdir -p "$OUT/.stage"
sed "s|@BIN@|$OUT/fieldkit_${VERSION}_linux_amd64|" installer/linux/nfpm.yaml > "$OUT/.stage/nfpm.yaml"
VERSION="$VERSION" "$NFPM" package --config "$OUT/.stage/nfpm.yaml" --packager deb --target "$OUT/"
rm -rf "$OUT/.stage"

step "checksums"
(cd "$OUT" && sha256sum -- * > SHA256SUMS && cat SHA256SUMS)

step "check the .deb"
bash installer/test-deb.sh "$OUT"/fieldkit_*_amd64.deb
step "done"
