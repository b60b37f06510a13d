#!/usr/bin/env python3
"""Write the fuzz seed corpora (the packets the unit tests use) into seeds/."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def put(h, name, b):
    d = os.path.join(HERE, "seeds", h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(b))


def csum(b):
    b = bytes(b) + (b"\0" if len(b) % 2 else b"")
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip4(proto, src, dst, payload, ttl=64, opts=b""):
    ihl = 5 + len(opts) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(payload),
                    0x1234, 0, ttl, proto, 0, bytes(src), bytes(dst)) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def icmp4(t, c, rest, body):
    m = struct.pack("!BBH", t, c, 0) + rest + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


S, D, R = [198, 18, 0, 1], [198, 18, 5, 2], [198, 18, 2, 2]
# ipopt
rr = [1, 7, 39, 16, 198, 18, 0, 1, 198, 18, 1, 2, 198, 18, 2, 2] + [0] * 24
put("fuzz_ipopt", "rr_recv", rr)
put("fuzz_ipopt", "rr_empty", [1, 7, 39, 4] + [0] * 36)
put("fuzz_ipopt", "ts_addr", [68, 36, 21, 0x11, 198, 18, 0, 1, 0, 0, 0, 100,
                              198, 18, 1, 2, 0, 0, 0, 105] + [0] * 16)
put("fuzz_ipopt", "ts_only", [68, 40, 9, 0, 0, 0, 0, 7] + [0] * 32)
put("fuzz_ipopt", "lsrr", [1, 131, 15, 8, 198, 18, 1, 2, 198, 18, 2, 2,
                           198, 18, 5, 2])
put("fuzz_ipopt", "ssrr_eol", [137, 7, 4, 198, 18, 1, 2, 0])
# icmpext
mpls1 = [0x20, 0, 0, 0, 0, 8, 1, 1, 0, 0x64, 0x01, 0x01]
put("fuzz_icmpext", "mpls1", mpls1)
put("fuzz_icmpext", "mpls2", [0x20, 0, 0, 0, 0, 12, 1, 1, 0, 0x64, 0, 1,
                              0, 0x65, 0x01, 0x01])
put("fuzz_icmpext", "unknown", [0x20, 0, 0, 0, 0, 8, 2, 3,
                                0xde, 0xad, 0xbe, 0xef])
put("fuzz_icmpext", "two", mpls1 + [0, 8, 2, 3, 1, 2, 3, 4])
# 12 labels (over 255 characters of text), every object kind, a payload
# that is not whole words (2.1.2: no text), text past 2.1.2's 1023
stack = b"".join(struct.pack("!I", (1048564 + i) << 12 | 5 << 9 |
                             (i == 11) << 8 | 255) for i in range(12))
put("fuzz_icmpext", "mpls12", [0x20, 0, 0, 0, 0, 4 + len(stack), 1, 1] +
    list(stack))
put("fuzz_icmpext", "kinds", mpls1 + [0, 12, 99, 0, 0, 1, 2, 3, 4, 5, 6, 7,
                                      0, 4, 99, 1, 0, 4, 1, 1,
                                      0, 8, 1, 2, 255, 255, 255, 255])
put("fuzz_icmpext", "oddlen", mpls1 + [0, 7, 99, 0, 1, 2, 3])
put("fuzz_icmpext", "long", [0x20, 0, 0, 0, 0x03, 0xec, 99, 0] +
    [i & 0xff for i in range(1000)])
# parse: first byte 0 = v4 raw, 1 = v4 datagram, 2 = v6, 3 = errqueue
echo = icmp4(0, 0, struct.pack("!HH", 0x4242, 7), bytes(range(56)))
put("fuzz_attr", "v4raw_echo", [0] + list(ip4(1, D, S, echo)))
put("fuzz_attr", "v4dgram_echo", [1] + list(echo))
probe = ip4(17, S, D, struct.pack("!HHHH", 40000, 33434, 16, 0xbeef), ttl=1)
for name, t, c, rest in [("te", 11, 0, b"\0" * 4),
                         ("unreach_host", 3, 1, b"\0" * 4),
                         ("fragneeded", 3, 4, struct.pack("!HH", 0, 1280)),
                         ("pp", 12, 0, bytes([20, 0, 0, 0])),
                         ("redirect", 5, 1, bytes(R))]:
    put("fuzz_attr", "v4raw_" + name, [0] + list(ip4(1, R, S,
                                                   icmp4(t, c, rest, probe))))
# RFC 4884: length field = 32-bit words of the (padded to 128) quote
quote = probe + b"\0" * (128 - len(probe))
ext = bytes([0x20, 0, 0, 0]) + bytes(mpls1[4:])
ext = ext[:2] + struct.pack("!H", csum(ext)) + ext[4:]
put("fuzz_attr", "v4raw_te_mpls", [0] + list(ip4(1, R, S, icmp4(
    11, 0, bytes([0, 32, 0, 0]), quote + ext))))
rrip = ip4(1, D, S, echo, opts=bytes(rr))
put("fuzz_attr", "v4raw_echo_rr", [0] + list(rrip))
S6 = bytes.fromhex("20010002000000000000000000000001")
D6 = bytes.fromhex("20010002000000050000000000000002")
echo6 = struct.pack("!BBHHH", 129, 0, 0, 0x4242, 7) + bytes(range(56))
put("fuzz_attr", "v6_echo", [2] + list(echo6))
ip6 = struct.pack("!IHBB", 0x60000000, 16, 17, 1) + S6 + D6 + \
    struct.pack("!HHHH", 40000, 33434, 16, 0xbeef) + b"\0" * 8
for name, t, c, rest in [("te", 3, 0, b"\0" * 4), ("noroute", 1, 0, b"\0" * 4),
                         ("admin", 1, 1, b"\0" * 4),
                         ("ptb", 2, 0, struct.pack("!I", 1280)),
                         ("pp", 4, 0, struct.pack("!I", 6))]:
    put("fuzz_attr", "v6_" + name, [2] + list(struct.pack("!BBH", t, c, 0) +
                                             rest + ip6))
# errqueue: flags(af bit), origin 2 (ICMP), type, code, proto, info, err
put("fuzz_attr", "errq_v4_te", [3, 0, 2, 11, 0, 1, 0, 0, 113] +
    list(struct.pack("!BBHHH", 8, 0, 0, 0x4242, 7)) + list(range(16)))
put("fuzz_attr", "errq_v6_ptb", [3, 1, 3, 2, 0, 58, 5, 0, 90] +
    list(struct.pack("!BBHHH", 128, 0, 0, 0x4242, 7)) + list(range(16)))
# errqueue with RFC 4884 at 128 - 28 of a UDP payload (errno byte 28 =
# the stripped header length)
epay = [0x40] * 32 + [0] * 68 + list(ext)
put("fuzz_attr", "errq_v4_ext", [3, 0, 2, 11, 0, 17, 0, 0, 28] + epay)


# option parsers: byte 0 = flags (ping: bit 0 privileged, bits 1-2 argv[0]
# ping/ping4/ping6; traceroute: bit 0 traceroute6), then the arguments
# after argv[0] joined by NUL bytes (valid lines of check_*_opts.c)
def argv(flags, *args):
    return [flags] + list(b"\0".join(a.encode() for a in args))


for name, f, a in [
        ("host", 1, ["host"]),
        ("short", 1, ["-4", "-c", "3", "-i", "0.05", "-W", "1.5", "-w", "7",
                      "-s", "100", "-p", "ff0", "-t", "9", "-Q", "0x10",
                      "-l", "8", "-M", "do", "-qnvaDOAb", "h"]),
        ("long", 0, ["--count=2", "--interval", "2", "--timeout=3",
                     "--deadline=4", "--size=8", "--pattern=ab", "--ttl=64",
                     "--tos=7", "--interface=eth0", "--quiet", "--numeric",
                     "--verbose", "--record-route", "--type=timestamp",
                     "--preload=2", "--pmtu-discovery=want", "h"]),
        ("flood", 1, ["--address", "--ip-timestamp=tsandaddr", "--flood",
                      "h"]),
        ("route", 0, ["-g", "198.18.0.2", "-g", "198.18.1.2", "h"]),
        ("prespec", 0, ["-T", "tsprespec", "a", "b", "h"]),
        ("scope6", 4, ["-I", "fe80::1%veth0", "h"]),
        ("json", 0, ["-nj", "-c", "-j", "--inter", "-j", "h", "--js"]),
        ("json_bad", 1, ["-j", "-Z", "--json=1", "--", "-j"]),
        ("help", 0, ["--help"])]:
    put("fuzz_ping_opts", name, argv(f, *a))
for name, f, a in [
        ("host", 0, ["host"]),
        ("six", 1, ["-n", "-q", "2", "-m", "12", "-f", "3", "-w", "2,1.5,4",
                    "-N", "4", "h"]),
        ("icmp", 0, ["-I", "-p", "7", "-z", "50", "-t", "16",
                     "--gap-limit=3", "--classic", "h", "100"]),
        ("tcp_gw", 0, ["-w", "2", "-z", "0.5", "-T", "--mtu", "-g",
                       "10.0.0.1,10.0.0.2", "-g", "10.0.0.3", "h"]),
        ("udp", 0, ["-M", "udp", "-l", "0xfffff", "--sport=999", "-s", "src",
                    "-i", "eth0", "-e", "--back", "h"]),
        ("help", 0, ["--help"])]:
    put("fuzz_tr_opts", name, argv(f, *a))
# cli: 16 bytes of range (two big-endian 64-bit words), then the string
for name, lo, hi, s in [("uint", 1, 255, "64"), ("neg", 0, 10, "-1"),
                        ("sec", 0, 10 ** 10, "0.2"),
                        ("exp", 0, 2 ** 62, "1.5e3"),
                        ("hex", 0, 1, "ff0a"), ("big", 0, 2 ** 63,
                                                "99999999999999999999")]:
    put("fuzz_cli", name, list(struct.pack("!QQ", lo, hi)) + list(s.encode()))
# traceroute matching (fuzz_attr.c): flags (bit 5: a raw TCP socket), then
# the packet (the default ports: no port bytes at the end).
# Salt 0: UDP sport 32768, probe i carries 0x100 + i (UDP checksum,
# payload tag), TCP seq i (the SYN-ACK acks i + 1), ICMP id 0 and seq
# 1 + i (the default -p).
TS, TD, TR = [198, 18, 0, 1], [198, 18, 5, 2], [198, 18, 2, 2]
udp5 = ip4(17, TS, TD, struct.pack("!HHHH", 32768, 33434, 40, 0x0105),
           ttl=1)
put("fuzz_attr", "tr_te_udp", [0] + list(ip4(1, TR, TS, icmp4(
    11, 0, b"\0" * 4, udp5))))
put("fuzz_attr", "tr_unreach_udp", [16] + list(ip4(1, TD, TS, icmp4(
    3, 3, b"\0" * 4, udp5))))
ping3 = ip4(1, TS, TD, struct.pack("!BBHHH", 8, 0, 0, 0, 3) + b"\0" * 8,
            ttl=1)
put("fuzz_attr", "tr_te_icmp", [1] + list(icmp4(11, 0, b"\0" * 4,
                                                      ping3)))
put("fuzz_attr", "tr_echo_reply", [17] + list(icmp4(
    0, 0, struct.pack("!HH", 0, 3), b"\0" * 8)))
syn7 = ip4(6, TS, TD, struct.pack("!HHI", 32768, 80, 7), ttl=1)
put("fuzz_attr", "tr_te_tcp", [0] + list(ip4(1, TR, TS, icmp4(
    11, 0, b"\0" * 4, syn7))))
put("fuzz_attr", "tr_synack", [48] + list(ip4(6, TD, TS, struct.pack(
    "!HHIIBBHHH", 80, 32768, 1, 7 + 1, 0x50, 0x12, 1024, 0, 0))))
put("fuzz_attr", "tr_te6_udp", [2] + list(struct.pack(
    "!BBHI", 3, 0, 0, 0) + ip6[:8] + bytes(S6) + bytes(D6) +
    struct.pack("!HHHH", 32768, 33434, 16, 0x0106) + b"\0" * 8))
# error queue: UDP tag 0x7472 0x0104, then RFC 4884 at 128 - 28
put("fuzz_attr", "tr_errq_tag", [3] + [0, 2, 11, 0, 17, 0, 0, 113] +
    list(struct.pack("!I", 0x74720104)) + [0x40] * 28 + [0] * 68 + list(ext))
# what the first runs found (control characters echoed in the one error
# line; regression cases in check_cli, check_ping_opts, check_tr_opts)
put("fuzz_ping_opts", "ctl_tstype", [0] + list(b"-T\0tspresp" + b"\xff" * 7 +
                                               b"\x1f"))
put("fuzz_tr_opts", "ctl_pktlen", [5, 0, ord("o"), 5, 0])
put("fuzz_cli", "ctl_bell", list(struct.pack("!QQ", 0x07070707,
                                             0x0707070707070000)) +
    list(b"\a\a"))
# traceroute -A: whois replies (byte 0 seeds the piece sizes); the
# check_tr_as table's kinds
O4 = b"route:      198.18.1.0/24\ndescr:      lab\norigin:     AS64501\n\n"
put("fuzz_tr_as", "route", b"\x07" + O4)
put("fuzz_tr_as", "route6_tie", b"\x03route6:     2001:2:0:1::/64\norigin: AS1"
    b"\n\nroute6: 2001:2:0:1::/64\r\norigin: AS2\r\n\nroute6: 2001:2::/48\n"
    b"origin: AS3\n")
put("fuzz_tr_as", "none", b"\x01%  No entries found for the selected "
    b"source(s).\n")
put("fuzz_tr_as", "ctl", b"\x05route: 198.18.0.0/16\norigin: AS1\x1b[2J\x07"
    b"\x9b\xc3\xa9\0x\n")
put("fuzz_tr_as", "longline", b"\x09" + O4 + b"x" * 1023 +
    b"origin: AS666 " + b"x" * 1500 + b"\n")
put("fuzz_tr_as", "truncated", b"\x02route: 198.18.1.0/2")
