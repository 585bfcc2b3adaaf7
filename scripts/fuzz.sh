#!/usr/bin/env bash
# `make fuzz`: property-based tests of the HTTP API against its contract, openapi.yaml (schemathesis), on
# a scratch demo province, once per role of the demo's accounts. See docs/fuzzing.md.
#
# Environment:
#   TALENTLEDGER_BIN  the talentledger binary to test; when set, nothing is built (default: build it
#                     with `swift build --product talentledger` and take it from --show-bin-path)
#   FUZZ_SECONDS      the whole run's time budget in seconds, split evenly across the roles (default 300)
#   FUZZ_ROLES        the roles to test, separated by spaces (default: every role of the tokens file)
#   FUZZ_SCHEMA       the document to test against, a file or a URL (default: the one the server serves,
#                     /v1/openapi.yaml, which is compiled into the binary)
#   FUZZ_TALENTS      the demo province's number of talents (default 500)
#   FUZZ_WORKERS      concurrent requests per run (default 1: with Python 3.11.7's ast, concurrent
#                     workers now and then die of "AST constructor recursion depth mismatch", CPython gh-106905)
#   FUZZ_SEED         schemathesis' seed, to repeat a run's generated cases
#   FUZZ_REPORT_DIR   where to keep each role's JUnit and HAR reports and the server's log (default: kept
#                     nowhere; the scratch folder is removed at the end)
#   FUZZ_CHECKS       schemathesis' checks (default: see CHECKS below)
#
# Exits non-zero when any check failed for any role (or when the server could not be started).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${FUZZ_SECONDS:-300}
talents=${FUZZ_TALENTS:-500}
workers=${FUZZ_WORKERS:-1}
# What every run checks: no 5xx; every status, content type and body as the document says; input the
# document calls invalid refused. Not positive_data_acceptance: most valid commands are refused by a rule
# (422) or name a talent outside the caller's jurisdiction (404), as they should be.
CHECKS=${FUZZ_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection}

say() { printf '\n== fuzz: %s\n' "$*" >&2; }

# schemathesis, from PyPI when missing (not one of scripts/install-dependencies.sh's: only this needs it).
if ! python3 -c 'import schemathesis' 2>/dev/null; then
    say "installing schemathesis (python3 -m pip install schemathesis)"
    # Debian's own python3 takes no packages from pip into the system (PEP 668): the user's site-packages then.
    python3 -m pip install --quiet schemathesis 2>/dev/null \
        || python3 -m pip install --quiet --user --break-system-packages --no-warn-script-location schemathesis
fi
schemathesis=(python3 -m schemathesis.cli)
say "$("${schemathesis[@]}" --version)"

bin=${TALENTLEDGER_BIN:-}
if [ -z "$bin" ]; then
    swift=${SWIFT:-swift}
    (cd "$root" && "$swift" build --product talentledger)
    bin="$(cd "$root" && "$swift" build --show-bin-path)/talentledger"
fi
[ -x "$bin" ] || { echo "fuzz: no talentledger binary at $bin" >&2; exit 2; }

state=$(mktemp -d "${TMPDIR:-/tmp}/talentledger-fuzz.XXXXXX")
server_pid=""

# Stops the server (which stops its embedded PostgreSQL), then PostgreSQL itself if it outlived the server
# (a server that was killed, a demo load that failed), and removes the scratch folder. On every exit.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 120); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$server_pid" 2>/dev/null; then
            echo "fuzz: the server did not stop within a minute; killing its process group" >&2
            kill -KILL -- "-$server_pid" 2>/dev/null || kill -KILL "$server_pid" 2>/dev/null || true
        fi
        wait "$server_pid" 2>/dev/null || true
    fi
    local pidfile="$state/data/postmaster.pid"
    if [ -f "$pidfile" ]; then
        local postmaster
        postmaster=$(head -n 1 "$pidfile" 2>/dev/null || true)
        if [ -n "$postmaster" ] && kill -0 "$postmaster" 2>/dev/null; then
            echo "fuzz: stopping the embedded PostgreSQL left running (pid $postmaster)" >&2
            kill -INT "$postmaster" 2>/dev/null || true  # fast shutdown
            for _ in $(seq 1 60); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.5; done
        fi
    fi
    if [ -n "${FUZZ_REPORT_DIR:-}" ] && [ -f "$state/serve.log" ]; then
        mkdir -p "$FUZZ_REPORT_DIR" && cp "$state/serve.log" "$FUZZ_REPORT_DIR/serve.log" || true
    fi
    rm -rf "$state"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export TALENTLEDGER_STATE_DIR="$state"
export TALENTLEDGER_POLICY_DIR="$root/policy"
unset DATABASE_URL

say "loading the demo province ($talents talents) into $state"
"$bin" demo --state-dir "$state" --policy-dir "$root/policy" --talents "$talents" --log-level warning \
    --tokens "$state/demo-tokens.txt" >"$state/demo.log" 2>&1 || { cat "$state/demo.log" >&2; exit 2; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
say "starting the server on $base"
# In a session of its own: a Ctrl-C reaches this script, which stops the server in order.
if command -v setsid >/dev/null; then launch=(setsid); else launch=(); fi
"${launch[@]}" "$bin" serve --state-dir "$state" --policy-dir "$root/policy" --host 127.0.0.1 --port "$port" \
    --log-level warning >"$state/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
    curl -fsS "$base/health/live" >/dev/null 2>&1 && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "fuzz: the server exited before it answered:" >&2
        tail -n 30 "$state/serve.log" >&2
        exit 2
    fi
    sleep 0.5
done
curl -fsS "$base/health/live" >/dev/null || { echo "fuzz: no answer from $base/health/live" >&2; exit 2; }

schema=${FUZZ_SCHEMA:-$base/v1/openapi.yaml}
if [ -z "${FUZZ_SCHEMA:-}" ] && ! curl -fsS "$base/v1/openapi.yaml" | cmp -s - "$root/openapi.yaml"; then
    echo "fuzz: warning: the binary serves another openapi.yaml than $root/openapi.yaml (rebuild it, or" \
        "set FUZZ_SCHEMA=$root/openapi.yaml to test the repository's)" >&2
fi

# The demo's accounts: one line per role, `role<TAB>organization<TAB>token`.
declare -a roles=() tokens=()
while IFS=$'\t' read -r role _ token; do
    [ -n "$role" ] && [ -n "$token" ] || continue
    if [ -n "${FUZZ_ROLES:-}" ] && [[ " $FUZZ_ROLES " != *" $role "* ]]; then continue; fi
    roles+=("$role")
    tokens+=("$token")
done <"$state/demo-tokens.txt"
[ "${#roles[@]}" -gt 0 ] || { echo "fuzz: no role to test in $state/demo-tokens.txt" >&2; exit 2; }
per_role=$((seconds / ${#roles[@]}))
[ "$per_role" -ge 10 ] || per_role=10

# A role's dictionaries: talents and organizations it can see, so that generated requests reach past 404
# (a path's talentId is one of them 70% of the time, a random string otherwise), and recent days and
# campaign years, so that some commands get past the register's limits and the rules to 2xx.
write_config() {
    local token=$1 config=$2
    python3 - "$base" "$token" "$config" <<'PY'
import datetime, json, sys, urllib.request

base, token, config = sys.argv[1:4]

def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except Exception:
        return {}

talents = [item["id"] for item in get("/v1/talents?limit=40").get("items", [])]
organizations = [item["id"] for item in get("/v1/organizations").get("items", [])][:60]
today = datetime.date.today()
days = [str(today - datetime.timedelta(days=n)) for n in (1, 20, 90, 200, 400)]
years = [today.year - 1, today.year]
day_fields = ["effectiveOn", "occurredOn", "since", "newEnd", "reminderTalkOn", "improveBy"]
lines, bindings = [], []
for name, values, parameters in (
    ("talents", talents, [("path.talentId", 0.7)]),
    ("organizations", organizations,
     [("path.organizationId", 0.7), ("query.organization", 0.4), ("query.unit", 0.4), ("body.newUnit", 0.5),
      ("body.evaluation.unit", 0.5)]),
    ("days", days, [("body." + field, 0.6) for field in day_fields]),
    ("years", years, [("body.campaign", 0.8)]),
):
    if not values:
        continue
    lines += [f"[dictionaries.{name}]", "values = " + json.dumps(values), ""]
    bindings += [f'"{key}" = {{ dictionary = "{name}", probability = {p} }}' for key, p in parameters]
lines += ["[parameters]"] + bindings + [""]
# A command whose If-Match is stale is refused with 412 before its fields are judged against the rules:
# that is a refusal too.
lines += ["[checks.negative_data_rejection]",
          'expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429", "5xx"]']
open(config, "w").write("\n".join(lines) + "\n")
print(f"{len(talents)} talents, {len(organizations)} organizations in reach")
PY
}

mkdir -p "$state/work"
failed=()
for index in "${!roles[@]}"; do
    role=${roles[$index]}
    token=${tokens[$index]}
    config="$state/schemathesis-$role.toml"
    say "$role: $(write_config "$token" "$config"); ${per_role}s against $schema"
    reports="$state/reports/$role"
    [ -z "${FUZZ_REPORT_DIR:-}" ] || reports="$FUZZ_REPORT_DIR/$role"
    mkdir -p "$reports"
    # Run from the scratch folder: schemathesis keeps its example database and cache in the working folder.
    # The bearer tokens are the scratch province's and die with it: the output shows them, so that every
    # reproducing curl it prints runs as is while the server is up.
    if (cd "$state/work" && "${schemathesis[@]}" --config-file "$config" run "$schema" \
        --url "$base" \
        --header "Authorization: Bearer $token" \
        --checks "$CHECKS" \
        --max-time "$per_role" \
        --workers "$workers" \
        --request-timeout 30 \
        --output-sanitize false \
        --warnings off \
        ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
        --report junit,har --report-dir "$reports"); then
        say "$role: every check passed"
    else
        failed+=("$role")
        say "$role: checks failed"
    fi
done

if grep -q "unexpected error" "$state/serve.log"; then
    say "the server's unexpected errors (the 5xx above), from its log:"
    grep "unexpected error" "$state/serve.log" | sed -e 's/^[^ ]* //' -e 's/ hb\.request\.id=[0-9a-f]*//' |
        sort | uniq -c | sort -rn | head -n 20 >&2
fi

if [ "${#failed[@]}" -gt 0 ]; then
    say "checks failed for: ${failed[*]}"
    exit 1
fi
say "every check passed for: ${roles[*]}"
