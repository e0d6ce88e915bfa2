#!/usr/bin/env bash
# Run the Airflow 3 and Prefect 3 examples for real, each in its own virtual environment
# (created under ${WORK:-/tmp/sahel-schedulers}), against this checkout:
#   airflow dags test sahel_update      (a standalone Airflow home, SQLite, no webserver)
#   python examples/prefect_flow.py     (an ephemeral Prefect server)
# Publishers are not reachable offline: the update then reports them as failed sources and
# renders from the embedded data; the shipped data are older than 60 days, so both runs end
# with exit 4 (stale data), which fails the Airflow task and the Prefect flow: the alert path.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/sahel-schedulers}
mkdir -p "$work"
summary=()

venv() {  # venv NAME PACKAGE: a venv with PACKAGE and this checkout installed
  local dir="$work/$1-venv"
  if [ ! -x "$dir/bin/python" ]; then
    python3 -m venv "$dir" && "$dir/bin/pip" install -q "$2" && "$dir/bin/pip" install -q -e "$here"
  fi
  echo "$dir"
}

airflow_venv=$(venv airflow "apache-airflow>=3.0,<4")
export AIRFLOW_HOME="$work/airflow-home" AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$here/examples" AIRFLOW_VAR_SAHEL_REPORTS_DIR="$work/airflow-reports"
mkdir -p "$AIRFLOW_VAR_SAHEL_REPORTS_DIR"
"$airflow_venv/bin/airflow" db migrate > "$work/airflow-db.log" 2>&1
"$airflow_venv/bin/airflow" dags test sahel_update > "$work/airflow.log" 2>&1
summary+=("airflow dags test: exit $? (log $work/airflow.log)")

prefect_venv=$(venv prefect "prefect>=3,<4")
(cd "$work" && PREFECT_HOME="$work/prefect-home" PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=true PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=180 \
  "$prefect_venv/bin/python" "$here/examples/prefect_flow.py" > "$work/prefect.log" 2>&1)
summary+=("prefect flow: exit $? (log $work/prefect.log)")
printf '%s\n' "${summary[@]}"
