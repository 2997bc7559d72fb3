#!/usr/bin/env bash
# Page modes against today's colour pages, on a corpus this run generates
# (12 phone photos of Vietnamese text pages, an ID card, a page with a red
# seal; see scanner/scantest/pagecorpus): bytes of the stored page, time
# per page (the fastest of RUNS) and Tesseract's character error rate.
# Needs poppler-utils, tesseract-ocr, tesseract-ocr-vie, fonts-dejavu-core.
#   bash scanner/bench-pages.sh            # corpus and outputs in a temp dir
#   DIR=/tmp/pages RUNS=5 bash scanner/bench-pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run -tags sqlite_fts5 ./scanner/cmd/pagebench -runs "${RUNS:-5}" ${DIR:+-dir "$DIR"} "$@"
