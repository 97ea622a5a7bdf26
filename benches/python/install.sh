#!/usr/bin/env bash
# Installs what the Python comparisons need into a virtualenv (default /work/venv-bench, or
# $BENCH_VENV): the receiver an admin would write (FastAPI on uvicorn), orjson, and
# jamf-pro-sdk for its pydantic webhook models. Python 3.11 is preferred, as REPORT.md names it.
set -euo pipefail
venv=${BENCH_VENV:-/work/venv-bench}
python=${BENCH_PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$(dirname "$0")/requirements.txt"
"$venv/bin/python" -c 'import sys, fastapi, uvicorn, orjson, jamf_pro_sdk; print("python", sys.version.split()[0], "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__, "orjson", orjson.__version__)'
