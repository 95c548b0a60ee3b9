#!/bin/sh
# One command for the benchmark; see run.py for the options (--quick, --size).
exec python3 "$(dirname "$0")/run.py" "$@"
