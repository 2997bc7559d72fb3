#!/usr/bin/env bash
# Fails when a tracked file carries another author's copyright or licence:
# the repository holds only code written for Field Kit (COMMON rule "our
# own code only", issue 18). It looks for
#   - notices: the copyright word followed by a year or (c), SPDX tags,
#     and the opening words of the MIT, BSD, GPL and Apache texts;
#   - licence files (LICENSE, LICENCE, COPYING, NOTICE) copied in.
# The phrases are put together from pieces below, so that this file does
# not itself read as a notice to a search for one.
# Binary files are searched too (--text): a fixture can embed a notice, as
# an ICC profile in a JPEG does; regenerate such a file without it rather
# than allow it. Paths listed in .ci/foreign-copyright.allow (one a line,
# # for comments) are let through; the list is empty and should stay so.
set -euo pipefail
cd "$(dirname "$0")/.."

allow=.ci/foreign-copyright.allow
c=copy c+=right l=licen l+=se
pattern="$c"'[[:space:]]+(\(c\)|©|[0-9]{4})|spdx-'"$l"'-identifier|'"${l%se}"'sed under|permission is here''by granted|redistri''bution and use in source and binary forms|gnu (lesser |affero )?general public '"$l"'|apache '"$l"

found=$(
  {
    git grep -l -i --text -E -e "$pattern" -- . || true
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
