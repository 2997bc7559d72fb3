#!/bin/sh
# After install or upgrade: the service user, then (re)start the service.
# An upgrade keeps /var/lib/fieldkit; the new binary migrates the
# database when it starts.
set -e
if ! getent passwd fieldkit >/dev/null; then
  if command -v adduser >/dev/null; then
    adduser --system --group --home /var/lib/fieldkit --no-create-home --quiet fieldkit
  else
    useradd --system --user-group --home-dir /var/lib/fieldkit --no-create-home --shell /usr/sbin/nologin fieldkit
  fi
fi
mkdir -p /var/lib/fieldkit
chown -R fieldkit:fieldkit /var/lib/fieldkit
chmod 0700 /var/lib/fieldkit
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable fieldkit.service >/dev/null
  systemctl restart fieldkit.service
fi
exit 0
