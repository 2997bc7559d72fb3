#!/bin/sh
# Before removal (not before an upgrade): stop and disable the service.
# The data in /var/lib/fieldkit is kept.
set -e
if [ "$1" = "remove" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now fieldkit.service >/dev/null 2>&1 || true
fi
exit 0
