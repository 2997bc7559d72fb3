#!/usr/bin/env bash
# Compare the capture pipeline with libjpeg-turbo on one core, in one run:
# a 12 MP phone JPEG reduced to an A4 page at ~200 DPI, and thumbnails of
# a 5-page PDF. Needs djpeg/cjpeg (Debian libjpeg-turbo-progs).
# cpu-ms/op (user+system CPU) is the figure to compare on a shared
# machine; ns/op is wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -tags sqlite_fts5 -run '^$' -bench 'Photo|Thumbnails|LibjpegTurbo' -benchtime "${BENCHTIME:-10x}" -cpu 1 ./scanner/ 2>/dev/null | grep '^Benchmark')
echo "$out"
echo "$out" | awk '
  { for (i = 3; i < NF; i++) { if ($(i+1) == "ns/op") wall[$1] = $i; if ($(i+1) == "cpu-ms/op") cpu[$1] = $i } }
  END {
    ref = "BenchmarkLibjpegTurbo"
    if (!(ref in wall)) { print "no libjpeg-turbo reference (install libjpeg-turbo-progs)"; exit }
    for (b in wall) if (b != ref && b ~ /Photo/)
      printf "%s / libjpeg-turbo: wall %.2f×, cpu %.2f×\n", b, wall[b] / wall[ref], cpu[b] / cpu[ref]
  }'
