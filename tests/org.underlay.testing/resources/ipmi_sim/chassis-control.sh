#!/bin/sh
# chassis_control program for ipmi_sim (OpenIPMI lanserv). From /work/shared/recipes/ipmi_sim, plus a delay hook.
# Called by ipmi_sim as:
#   chassis-control.sh <statedir> get <parm> [<parm> ...]   -> prints "<parm>:<value>" lines
#   chassis-control.sh <statedir> set <parm> <val> [...]    -> prints nothing, exit 0 on success
#   chassis-control.sh <statedir> check ...                 -> unsupported (exit 1)
# parms: power (0|1), reset (1 = pulse), shutdown (1 = soft off), boot (none|pxe|default|cdrom|bios),
#        identify (<interval> <force>)
# If <statedir>/host.sh exists and is executable, "power on" starts it as the simulated host
# (power state == that process is alive); otherwise power state is just kept in <statedir>/power.
# NOTE: ipmi_sim popen()s this and blocks until stdout closes -> background children MUST
#       redirect stdin/stdout/stderr, or the whole simulator hangs.
dir=$1; shift
op=$1; shift
[ -n "$dir" ] && [ -n "$op" ] || { echo "usage: $0 statedir get|set ..."; exit 1; }
mkdir -p "$dir"
echo "$(date +%s.%N) $op $*" >> "$dir/calls.log"
# Harness addition: a slow BMC for fault tests. ipmi_sim blocks while this runs, so it answers nothing meanwhile.
[ -f "$dir/delay" ] && sleep "$(cat "$dir/delay")"

has_host() { [ -x "$dir/host.sh" ]; }
host_alive() { [ -f "$dir/host.pid" ] && kill -0 "$(cat "$dir/host.pid")" 2>/dev/null; }

power_get() {
    if has_host; then
        if host_alive; then echo 1; else echo 0; fi
    else
        cat "$dir/power" 2>/dev/null || echo 0
    fi
}

power_set() {
    if [ "$1" = 1 ]; then
        if has_host && ! host_alive; then
            setsid "$dir/host.sh" </dev/null >>"$dir/host.log" 2>&1 &
            echo $! > "$dir/host.pid"
        fi
        echo 1 > "$dir/power"
    else
        if has_host && host_alive; then
            pid=$(cat "$dir/host.pid")
            kill -TERM "$pid" 2>/dev/null
            i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done
            kill -KILL "$pid" 2>/dev/null
            rm -f "$dir/host.pid"
        fi
        echo 0 > "$dir/power"
    fi
}

case $op in
get)
    for p in "$@"; do
        case $p in
            power) echo "power:$(power_get)" ;;
            boot)  echo "boot:$(cat "$dir/boot" 2>/dev/null || echo default)" ;;
            *) echo "Invalid parameter: $p"; exit 1 ;;
        esac
    done ;;
set)
    while [ $# -gt 0 ]; do
        [ $# -ge 2 ] || { echo "No value for $1"; exit 1; }
        p=$1; v=$2; shift 2
        case $p in
            power)    power_set "$v" ;;
            reset)    if [ "$(power_get)" = 1 ]; then power_set 0; power_set 1; fi
                      echo $(( $(cat "$dir/resets" 2>/dev/null || echo 0) + 1 )) > "$dir/resets" ;;
            shutdown) power_set 0 ;;
            boot)     case $v in none|pxe|default|cdrom|bios) echo "$v" > "$dir/boot" ;;
                          *) echo "Invalid boot value: $v"; exit 1 ;; esac ;;
            identify) echo "$v" > "$dir/identify" ;;   # value is "<interval> <force>"
            *) echo "Invalid parameter: $p"; exit 1 ;;
        esac
    done ;;
*)  exit 1 ;;
esac
exit 0
