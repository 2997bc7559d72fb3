#!/usr/bin/env bash
# Fails when a tracked file carries another author's copyright or licence:
# the repository holds only code written for Field Kit (COMMON rule "our
# own code only", issue 18). It looks for
#   - copyright and licence headers: "Copyright <year>", "Copyright (c)",
#     SPDX identifiers, "Licensed under", and the opening words of the MIT,
#     BSD, GPL and Apache texts;
#   - licence files (LICENSE, LICENCE, COPYING, NOTICE) copied in.
# Binary files are searched too (--text): a fixture can embed a notice, as
# an ICC profile in a JPEG does; regenerate such a file without it rather
# than allow it. Paths listed in .ci/foreign-copyright.allow (one a line,
# # for comments) are let through; the list is empty and should stay so.
set -euo pipefail
cd "$(dirname "$0")/.."

allow=.ci/foreign-copyright.allow
pattern='copyright[[:space:]]+(\(c\)|©|[0-9]{4})|SPDX-License-Identifier|licensed under|permission is hereby granted|redistribution and use in source and binary forms|GNU (lesser |affero )?general public license|apache license'

found=$(
  {
    git grep -l -i --text -E -e "$pattern" -- . ':!.ci/no-foreign-copyright.sh' || true
    git ls-files | grep -i -E '(^|/)(LICEN[CS]E|COPYING|NOTICE)([.-][^/]*)?$' || true
  } | sort -u
)
allowed=$(grep -v -E '^[[:space:]]*(#|$)' "$allow" 2>/dev/null || true)

bad=0
while IFS= read -r f; do
  [ -n "$f" ] || continue
  if [ -n "$allowed" ] && grep -qxF -- "$f" <<<"$allowed"; then
    continue
  fi
  echo "foreign copyright or licence: $f"
  grep -n -i --text -o -E -m 3 "$pattern" -- "$f" 2>/dev/null | sed 's/^/    /' || true
  bad=1
done <<<"$found"
if [ "$bad" != 0 ]; then
  echo "Only code written for Field Kit belongs here: remove or rewrite these files (see COMMON rules)."
  exit 1
fi
echo "no foreign copyright or licence headers in $(git ls-files | wc -l) tracked files"
