/*
 * The ceiling of this machine for the DHCP benchmark: a responder that does no work at all.
 * It answers every DISCOVER with an OFFER and every REQUEST with an ACK, for an address taken
 * from a counter, with no lease table, no persistence, no logging and one blocking socket.
 * No real server can beat it, so whatever rate perfdhcp cannot complete against it here is out
 * of reach for any server on this hardware (perfdhcp shares the same 2 cores).
 *
 * Build: cc -O2 -o null_responder null_responder.c     Run: null_responder SERVER_IP
 * Relayed requests only (perfdhcp -l with giaddr): the reply goes to giaddr:67.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BOOTP = 236, COOKIE = 0x63825363 };

/* Returns the DHCP message type (option 53) or 0; copies option 50 (requested address) if present. */
static int message_type(const uint8_t *p, ssize_t n, uint8_t requested[4])
{
    int type = 0;
    for (ssize_t i = BOOTP + 4; i + 1 < n;) {
        uint8_t code = p[i];
        if (code == 255) break;
        if (code == 0) { i++; continue; }
        uint8_t len = p[i + 1];
        if (code == 53 && len == 1 && i + 2 < n) type = p[i + 2];
        if (code == 50 && len == 4 && i + 5 < n) memcpy(requested, p + i + 2, 4);
        i += 2 + len;
    }
    return type;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: null_responder SERVER_IP\n"); return 64; }
    struct in_addr server;
    if (inet_pton(AF_INET, argv[1], &server) != 1) { fprintf(stderr, "bad address %s\n", argv[1]); return 64; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1, buf = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(67) };
    if (bind(s, (struct sockaddr *)&local, sizeof local) != 0) { perror("bind"); return 1; }
    uint8_t in[1500], out[576];
    uint32_t next = 0;
    for (;;) {
        ssize_t n = recv(s, in, sizeof in, 0);
        if (n < BOOTP + 4 || in[0] != 1) continue;
        uint8_t requested[4] = { 0 };
        int type = message_type(in, n, requested);
        if (type != 1 && type != 3) continue;
        memset(out, 0, sizeof out);
        memcpy(out, in, 28 + 16);            /* op..giaddr and chaddr */
        out[0] = 2;
        uint32_t yiaddr = htonl(0x0AE80100u + (next++ % 60000)); /* 10.232.1.0 onwards */
        if (type == 3) memcpy(&yiaddr, requested, 4);
        memcpy(out + 16, &yiaddr, 4);
        uint32_t cookie = htonl(COOKIE);
        memcpy(out + BOOTP, &cookie, 4);
        uint8_t *o = out + BOOTP + 4;
        *o++ = 53; *o++ = 1; *o++ = type == 1 ? 2 : 5;
        *o++ = 54; *o++ = 4; memcpy(o, &server, 4); o += 4;
        *o++ = 51; *o++ = 4; *o++ = 0; *o++ = 1; *o++ = 0x51; *o++ = 0x80;
        *o++ = 1; *o++ = 4; *o++ = 255; *o++ = 255; *o++ = 0; *o++ = 0;
        *o++ = 255;
        struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(67) };
        memcpy(&to.sin_addr, in + 24, 4);     /* giaddr */
        sendto(s, out, sizeof out, 0, (struct sockaddr *)&to, sizeof to);
    }
}
