# Quiet set-up steps, sourced by the set-up scripts (bash).
#
#   step "What is being done" command args...
#
# runs the command with its output in a log file and shows one line for the step: on a terminal a
# counter of the seconds it has been waiting, elsewhere (CI) a line every 30 s; then "done in Ns",
# or, if it fails, its exit code and the last 40 lines of its log. Returns the command's status.

step() {
    local what=$1
    shift
    local log start rc=0 next=30
    log=$(mktemp "${TMPDIR:-/tmp}/iacfix-setup.XXXXXX")
    start=$SECONDS
    "$@" >"$log" 2>&1 &
    local pid=$!
    if [[ -t 2 ]]; then
        while kill -0 "$pid" 2>/dev/null; do
            printf '\r  %s ... %ds ' "$what" $((SECONDS - start)) >&2
            sleep 1
        done
        printf '\r' >&2
    else
        printf '  %s ...\n' "$what" >&2
        while kill -0 "$pid" 2>/dev/null; do
            sleep 1
            if (( SECONDS - start >= next )); then
                printf '  %s ... %ds\n' "$what" $((SECONDS - start)) >&2
                next=$((next + 30))
            fi
        done
    fi
    wait "$pid" || rc=$?
    if (( rc == 0 )); then
        printf '  %s: done in %ds\n' "$what" $((SECONDS - start)) >&2
        rm -f "$log"
    else
        printf '  %s: FAILED (exit %d) after %ds; the last lines of %s:\n' "$what" "$rc" $((SECONDS - start)) "$log" >&2
        tail -n 40 "$log" >&2
    fi
    return "$rc"
}
