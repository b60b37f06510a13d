#!/bin/sh
# ping_unpriv.sh: as nobody without capabilities ping uses the ICMP
# datagram socket (ping_group_range allows it in s) in both families,
# gets ICMP errors from its error queue,
# runs as uid nobody with no capability; intervals below 2 ms (and flood)
# are refused after the header line as iputils does, preload > 3 and
# raw-only requests before it, all with exit 2; 2 ms itself works; -R and
# -T show the options the datagram socket hands back, as iputils; with
# ping_group_range closed it fails with a clear message (exit 2).
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/ping_lib.sh"
lab_init
lab_chain 2
for f in 4 6; do
	d=$(lab_dst_addr $f)
	lab_unpriv_cmd "$PING" -n -c 3 -i 0.2 "$d" >"$PG_OUT" 2>"$PG_ERR"
	PG_RC=$?
	pg_status 0 "nobody -$f"
	pg_eq "$(pg_count "^64 bytes from $d: icmp_seq=[123] ttl=62 time=[0-9.]+ ms\$")" 3 \
	    "nobody -$f three replies"
done
# errors come through the datagram socket's error queue
for f in 4 6; do
	lab_unpriv_cmd "$PING" -n -c 2 -i 0.2 -t 1 "$(lab_dst_addr $f)" \
	    >"$PG_OUT" 2>"$PG_ERR"
	PG_RC=$?
	pg_status 1 "nobody -$f -t 1"
	pg_eq "$(pg_count "^From $(pg_canon "$(lab_hop_addr $f 1)") icmp_seq=[12] Time")" 2 \
	    "nobody -$f: Time Exceeded from r1 via the error queue"
	pg_eq "$(pg_field 4)" 2 "nobody -$f errors"
done
d=$(lab_dst_addr 4)
lab_unpriv_cmd "$PING" -n -c 6 -i 0.2 "$d" >"$PG_OUT" 2>"$PG_ERR" &
job=$!
pid=$(pg_ping_pid $job) || lab_fail "ping did not start"
sleep 0.4
st=$(awk '/^(Uid|CapEff|CapPrm):/ { printf "%s %s ", $1, $2 }' "/proc/$pid/status")
wait $job
pg_eq "$st" "Uid: $(id -u nobody) CapPrm: 0000000000000000 CapEff: 0000000000000000 " \
    "nobody, no capability"

for bad in "-i 0.001" "-f" "-l 4" "--type=timestamp"; do
	lab_unpriv_cmd "$PING" -n -c 1 $bad "$d" >"$PG_OUT" 2>"$PG_ERR"
	PG_RC=$?
	pg_status 2 "nobody $bad"
	[ "$(wc -l <"$PG_ERR")" = 1 ] && lab_ok "nobody $bad: $(cat "$PG_ERR")" ||
	    lab_fail "nobody $bad: $(cat "$PG_ERR")"
	case $bad in
	-i*|-f)
		# iputils' order: the header, then the refusal
		[ "$(sed -n 1p "$PG_OUT")" = "PING $d ($d) 56(84) bytes of data." ] &&
		    grep -qx "$PING: cannot flood; minimal interval allowed for user is 2ms" "$PG_ERR" &&
		    [ "$(wc -l <"$PG_OUT")" = 1 ] &&
		    lab_ok "nobody $bad: header, then iputils' refusal" ||
		    lab_fail "nobody $bad: out '$(cat "$PG_OUT")' err '$(cat "$PG_ERR")'"
		;;
	esac
done
lab_unpriv_cmd "$PING" -n -q -c 20 -i 0.002 "$d" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 0 "nobody -i 0.002 (iputils' limit)"
grep -q '^20 packets transmitted, 20 received' "$PG_OUT" &&
    lab_ok "nobody -i 0.002: 20 of 20" || lab_fail "nobody -i 0.002: $(cat "$PG_OUT")"
# -R and -T through the datagram socket: the options the reply carried

lab_unpriv_cmd "$PING" -n -c 2 -R "$d" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 0 "nobody -R"
# out s->r1->r2->d, back d->r2->r1->s: the six addresses the lab gives
got=$(awk '/^RR:/ { on = 1; sub(/^RR:/, "") } on && NF == 0 { on = 0 } on { printf "%s ", $1 }' "$PG_OUT" | awk '{ for (i = 1; i <= 4 && i <= NF; i++) printf "%s ", $i }')
[ "$got" = "198.18.0.1 198.18.1.1 198.18.2.1 $d " ] && grep -q '(same route)' "$PG_OUT" &&
    lab_ok "nobody -R: RR block from the datagram socket, then (same route)" ||
    lab_fail "nobody -R: '$got': $(tr '\n' '|' <"$PG_OUT")"
lab_unpriv_cmd "$PING" -n -c 1 -T tsonly "$d" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 0 "nobody -T tsonly"
grep -q '^TS: ' "$PG_OUT" && lab_ok "nobody -T: TS block" ||
    lab_fail "nobody -T: $(tr '\n' '|' <"$PG_OUT")"
lab_exec s sysctl -q -w "net.ipv4.ping_group_range=1 0"
lab_exec s setpriv --reuid=nobody --regid=nogroup --clear-groups \
    --inh-caps=-all "$PING" -n -c 1 "$d" >"$PG_OUT" 2>"$PG_ERR"
PG_RC=$?
pg_status 2 "ping_group_range closed"
grep -q "ping_group_range" "$PG_ERR" && lab_ok "says why: $(cat "$PG_ERR")" ||
    lab_fail "closed range: $(cat "$PG_ERR")"
pg_done
