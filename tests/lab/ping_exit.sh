#!/bin/sh
# ping_exit.sh: exit codes as iputils documents them (and 2 for every
# usage error): 0 with replies (all of them with -c and -w), 1 without,
# 2 for bad options and unknown hosts (one line on stderr, nothing on
# stdout); -w ends on time; SIGINT prints the statistics (exit 0 after
# replies) and SIGQUIT an interim line on stderr; mid-run the process
# holds no capability.
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 1
d=$(lab_dst_addr 4)

pg_run s -n -c 2 -i 0.2 "$d"
pg_status 0 "-c 2 answered"
pg_run s -n -c 2 -w 3 -i 0.2 "$d"
pg_status 0 "-c 2 -w 3 all answered"
t0=$(date +%s%N)
pg_run s -n -c 1000 -w 1 -i 0.2 "$d"
t1=$(date +%s%N)
pg_status 1 "-w 1 before -c 1000 replies"
ms=$(((t1 - t0) / 1000000))
[ $ms -ge 900 ] && [ $ms -lt 2500 ] && lab_ok "-w 1 took ${ms} ms" ||
    lab_fail "-w 1 took ${ms} ms"
pg_run s -n -w 1 -i 0.2 "$d"
pg_status 0 "-w 1 alone, replies came"

# unknown host: resolve through loopback only (no packet leaves the lab)
lab_hosts s known 198.18.0.2
echo "nameserver 127.0.0.1" >"/etc/netns/$(lab_ns s)/resolv.conf"
pg_run s -c 1 no-such-host.invalid
pg_status 2 "unknown host"
pg_eq "$(wc -l <"$PG_ERR")/$(wc -c <"$PG_OUT")" 1/0 "unknown host: one line, no stdout"
pg_run s -c 1 -W 1 known
pg_status 0 "name from hosts"
pg_grep "^PING known \(198.18.0.2\) 56\(84\) bytes of data.\$" "header names the host"
for bad in "-c 0" "-s 65508" "-t 256" "-i -1" "-W 0" "-Q 300" "-M maybe" \
    "--bogus" "-X"; do
	pg_run s $bad "$d"
	pg_status 2 "ping $bad"
	[ "$(wc -l <"$PG_ERR")" = 1 ] && [ ! -s "$PG_OUT" ] &&
	    lab_ok "ping $bad: one line on stderr" ||
	    lab_fail "ping $bad: $(cat "$PG_ERR" "$PG_OUT")"
done
pg_run s
pg_status 2 "no host"

lab_route_err 1 blackhole
pg_run s -n -c 2 -i 0.2 -W 0.5 "$d"
pg_status 1 "no reply"
lab_teardown

lab_chain 1
lab_exec s "$PING" -n -i 0.2 "$d" >"$PG_OUT" 2>"$PG_ERR" &
job=$!
pid=$(pg_ping_pid $job) || lab_fail "ping did not start"
sleep 1
caps=$(awk '/^CapEff/ { print $2 }' "/proc/$pid/status")
pg_eq "$caps" 0000000000000000 "no capability mid-run"
kill -QUIT $pid
sleep 0.5
kill -INT $pid
wait $job
PG_RC=$?
pg_status 0 "SIGINT after replies"
pg_grep "^--- $d ping statistics ---\$" "statistics on SIGINT"
n=$(pg_field 1)
[ "$n" -ge 5 ] && [ "$n" = "$(pg_field 2)" ] &&
    lab_ok "SIGINT: $n sent, all received" ||
    lab_fail "SIGINT: $n sent, $(pg_field 2) received"
tr -d '\r' <"$PG_ERR" |
    grep -Eq '^[0-9]+/[0-9]+ packets, 0% loss, min/avg/ewma/max = ' &&
    lab_ok "SIGQUIT status line" || lab_fail "SIGQUIT: $(cat "$PG_ERR")"
pg_done
