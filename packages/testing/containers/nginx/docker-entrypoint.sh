#!/bin/sh
# Runs the executable /docker-entrypoint.d/*.sh scripts in name order before nginx starts,
# as the upstream entrypoint does; a failing script stops the container.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  for f in $(find /docker-entrypoint.d/ -maxdepth 1 -type f -name '*.sh' | sort); do
    if [ -x "$f" ]; then
      echo "$0: running $f"
      "$f"
    else
      echo "$0: ignoring $f, not executable"
    fi
  done
  echo "$0: configuration complete; ready for start up"
fi
exec "$@"
