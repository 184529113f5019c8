/*
 * The ceiling of this machine for the TFTP storm benchmark: a server that does almost no work.
 * One thread, one epoll set, every file mapped into memory once at start (no read per block),
 * lock-step only, no retransmission, no timeouts, no path checks, no logging. Each ACK costs it
 * one recvfrom and one sendto. No real server can beat it, so an aggregate that the storm clients
 * cannot reach against it is out of reach for any server on this hardware (the clients share the
 * same 2 cores, and in the storm they use most of them).
 *
 * Two shapes, to separate the server's work from how it is scheduled:
 *   null_tftpd SERVER_IP ROOT            one thread, one epoll set for every transfer (dnsmasq's shape)
 *   null_tftpd SERVER_IP ROOT threads    a thread per transfer with blocking calls (atftpd's, PxeXen's)
 * Build: cc -O2 -pthread -o null_tftpd null_tftpd.c
 * Serves ROOT/<name> for an RRQ; answers blksize and tsize with an OACK (what curl and atftp ask).
 * Not a TFTP server to use: a lost packet stalls its transfer for good.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_TRANSFERS = 4096, MAX_FILES = 16 };

struct file { char name[256]; const uint8_t *data; size_t size; };
struct transfer {
    int fd; struct sockaddr_in peer; const struct file *file;
    size_t blksize; uint32_t last_block; uint8_t *packet;
};

static struct file files[MAX_FILES];
static int nfiles;
static const char *root;

static const struct file *open_file(const char *name)
{
    for (int i = 0; i < nfiles; i++)
        if (strcmp(files[i].name, name) == 0) return &files[i];
    if (nfiles == MAX_FILES || strchr(name, '/') || strlen(name) >= sizeof files[0].name) return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    fstat(fd, &st);
    void *p = st.st_size ? mmap(NULL, st.st_size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0) : "";
    close(fd);
    if (p == MAP_FAILED) return NULL;
    struct file *f = &files[nfiles++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->data = p;
    f->size = st.st_size;
    return f;
}

/* DATA block n of t's file into t->packet; returns the datagram length. */
static size_t data(struct transfer *t, uint32_t n)
{
    size_t offset = (size_t)(n - 1) * t->blksize;
    size_t len = offset >= t->file->size ? 0 : t->file->size - offset;
    if (len > t->blksize) len = t->blksize;
    t->packet[0] = 0; t->packet[1] = 3; t->packet[2] = n >> 8; t->packet[3] = n;
    memcpy(t->packet + 4, t->file->data + offset, len);
    return 4 + len;
}

/* Threaded shape: the whole transfer with blocking calls, then the thread ends. */
static void *run_transfer(void *arg)
{
    struct transfer *t = arg;
    uint8_t ack[516];
    for (;;) {
        ssize_t len = recv(t->fd, ack, sizeof ack, 0);
        if (len < 4 || ack[1] != 4) continue;
        uint32_t acked = (ack[2] << 8) | ack[3];
        if (acked >= t->last_block) break;
        sendto(t->fd, t->packet, data(t, acked + 1), 0, (struct sockaddr *)&t->peer, sizeof t->peer);
    }
    close(t->fd); free(t->packet); free(t);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) { fprintf(stderr, "usage: %s SERVER_IP ROOT [threads]\n", argv[0]); return 2; }
    int threaded = argc == 4 && strcmp(argv[3], "threads") == 0;
    root = argv[2];
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(69) };
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    int listener = socket(AF_INET, SOCK_DGRAM, 0);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);

    uint8_t buf[65536];
    struct epoll_event ready[256];
    for (;;) {
        int n = epoll_wait(ep, ready, 256, -1);
        for (int i = 0; i < n; i++) {
            struct transfer *t = ready[i].data.ptr;
            struct sockaddr_in from;
            socklen_t fromlen = sizeof from;
            if (!t) {
                ssize_t len = recvfrom(listener, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fromlen);
                if (len < 4 || buf[1] != 1) continue;
                buf[len] = 0;
                const char *name = (char *)buf + 2;
                const struct file *f = open_file(name);
                if (!f) continue;
                t = calloc(1, sizeof *t);
                t->file = f; t->peer = from; t->blksize = 512;
                int want_tsize = 0;
                /* Options after filename and mode: name\0value\0 pairs. */
                const char *p = name + strlen(name) + 1;
                p += strlen(p) + 1;
                while (p < (char *)buf + len) {
                    const char *value = p + strlen(p) + 1;
                    if (strcasecmp(p, "blksize") == 0) t->blksize = atoi(value);
                    if (strcasecmp(p, "tsize") == 0) want_tsize = 1;
                    p = value + strlen(value) + 1;
                }
                t->last_block = f->size / t->blksize + 1;
                t->packet = malloc(4 + t->blksize);
                t->fd = socket(AF_INET, SOCK_DGRAM, 0);
                struct sockaddr_in local = addr;
                local.sin_port = 0;
                bind(t->fd, (struct sockaddr *)&local, sizeof local);
                if (!threaded) {
                    struct epoll_event tev = { .events = EPOLLIN, .data.ptr = t };
                    epoll_ctl(ep, EPOLL_CTL_ADD, t->fd, &tev);
                }
                char oack[128];
                size_t olen = 2;
                oack[0] = 0; oack[1] = 6;
                if (t->blksize != 512) olen += sprintf(oack + olen, "blksize%c%zu", 0, t->blksize) + 1;
                if (want_tsize) olen += sprintf(oack + olen, "tsize%c%zu", 0, f->size) + 1;
                if (olen > 2) sendto(t->fd, oack, olen, 0, (struct sockaddr *)&t->peer, sizeof t->peer);
                else sendto(t->fd, t->packet, data(t, 1), 0, (struct sockaddr *)&t->peer, sizeof t->peer);
                if (threaded) {
                    pthread_t thread;
                    pthread_attr_t attr;
                    pthread_attr_init(&attr);
                    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
                    pthread_attr_setstacksize(&attr, 256 * 1024);
                    pthread_create(&thread, &attr, run_transfer, t);
                    pthread_attr_destroy(&attr);
                }
                continue;
            }
            ssize_t len = recvfrom(t->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
            if (len < 4 || buf[1] != 4) continue;
            uint32_t acked = (buf[2] << 8) | buf[3];
            /* 16-bit block numbers; a 10 MiB file at blksize >= 1468 never wraps, enough here. */
            if (acked >= t->last_block) {
                epoll_ctl(ep, EPOLL_CTL_DEL, t->fd, NULL);
                close(t->fd); free(t->packet); free(t);
                continue;
            }
            sendto(t->fd, t->packet, data(t, acked + 1), 0, (struct sockaddr *)&t->peer, sizeof t->peer);
        }
    }
}
