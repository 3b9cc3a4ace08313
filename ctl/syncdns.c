/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl sync-check: one live SOA query (UDP, then TCP), maybe signed. */
#include "syncdns.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/msg.h"
#include "tsig/tsig.h"
#include "util/mem.h"
#include "xfr/soaquery.h"
#include "xfr/xfrtsig.h"

/*
 * The exchange: up to `tries` UDP queries on a connected socket (so that a
 * closed port is reported at once as "connection refused"), each waiting
 * `timeout_ms`; on truncation, or when UDP got no answer at all, one query
 * over TCP with the same timeout for connect, send and read together.
 * Every wait is bounded by a deadline; a reply with another id is skipped
 * (at most 64 of them). The answer is judged by lib/xfr's soaquery, which
 * checks id, question, TSIG, rcode, AA and the SOA itself.
 */

#define MAXSKIP 64

typedef enum io {
	IO_OK = 0,
	IO_TIMEOUT,
	IO_FAIL,
} io_t;

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static socklen_t
salen(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                 : sizeof(struct sockaddr_in);
}

/* Wait for \a events until \a deadline: IO_OK, IO_TIMEOUT or IO_FAIL. */
static io_t
wait_fd(int fd, short events, int64_t deadline)
{
	for (int i = 0; i < 1000; i++) {
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			return IO_TIMEOUT;
		}
		struct pollfd p = { .fd = fd, .events = events };
		int n = poll(&p, 1, (int)left);
		if (n > 0) {
			return IO_OK;
		}
		if (n == 0) {
			return IO_TIMEOUT;
		}
		if (errno != EINTR) {
			return IO_FAIL;
		}
	}
	return IO_TIMEOUT;
}

static io_t
fail(char *err, size_t size, const char *what)
{
	int n = snprintf(err, size, "%s: %s", what, strerror(errno));
	size_t at = strlen(what) + 2;
	if (n > 0 && (size_t)n > at && at < size) {
		err[at] = (char)tolower((unsigned char)err[at]);
	}
	return IO_FAIL;
}

/* Connected, non-blocking socket of \a type to \a ss (connect started). */
static int
open_sock(const struct sockaddr_storage *ss, int type)
{
	int fd = socket(ss->ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)ss, salen(ss)) != 0 &&
	    errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static io_t
udp_exchange(const struct sockaddr_storage *ss, const uint8_t *q, size_t qlen,
             uint16_t id, unsigned int timeout_ms, uint8_t *buf, size_t size,
             size_t *alen, char *err, size_t errsize)
{
	int fd = open_sock(ss, SOCK_DGRAM);
	if (fd < 0) {
		return fail(err, errsize, "socket");
	}
	io_t io = IO_FAIL;
	if (send(fd, q, qlen, 0) != (ssize_t)qlen) {
		io = fail(err, errsize, "send");
		goto done;
	}
	int64_t deadline = now_ms() + timeout_ms;
	for (int skip = 0; skip < MAXSKIP; skip++) {
		io = wait_fd(fd, POLLIN, deadline);
		if (io != IO_OK) {
			break;
		}
		ssize_t n = recv(fd, buf, size, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			continue;
		}
		if (n < 0) {
			io = fail(err, errsize, "recv");
			goto done;
		}
		if (n >= 2 && buf[0] == (id >> 8) && buf[1] == (id & 0xff)) {
			*alen = (size_t)n;
			io = IO_OK;
			goto done;
		}
		io = IO_TIMEOUT;
	}
	if (io == IO_TIMEOUT) {
		snprintf(err, errsize, "timed out");
	} else if (io == IO_FAIL) {
		(void)fail(err, errsize, "poll");
	}
done:
	close(fd);
	return io;
}

/* Read exactly \a len bytes before \a deadline. */
static io_t
read_full(int fd, uint8_t *p, size_t len, int64_t deadline, char *err,
          size_t errsize)
{
	size_t got = 0;
	for (int i = 0; i < 100000 && got < len; i++) {
		io_t io = wait_fd(fd, POLLIN, deadline);
		if (io == IO_TIMEOUT) {
			snprintf(err, errsize, "timed out");
			return io;
		}
		ssize_t n = recv(fd, p + got, len - got, 0);
		if (n == 0) {
			snprintf(err, errsize, "connection closed");
			return IO_FAIL;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			return fail(err, errsize, "recv");
		}
		got += n > 0 ? (size_t)n : 0;
	}
	if (got < len) {
		snprintf(err, errsize, "timed out");
		return IO_TIMEOUT;
	}
	return IO_OK;
}

static io_t
tcp_exchange(const struct sockaddr_storage *ss, const uint8_t *q, size_t qlen,
             unsigned int timeout_ms, uint8_t *buf, size_t size, size_t *alen,
             char *err, size_t errsize)
{
	int64_t deadline = now_ms() + timeout_ms;
	int fd = open_sock(ss, SOCK_STREAM);
	if (fd < 0) {
		return fail(err, errsize, "connect");
	}
	io_t io = wait_fd(fd, POLLOUT, deadline);
	int soerr = 0;
	socklen_t sl = sizeof(soerr);
	if (io == IO_OK &&
	    (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
	     soerr != 0)) {
		errno = soerr;
		io = fail(err, errsize, "connect");
		goto done;
	}
	if (io != IO_OK) {
		snprintf(err, errsize, "connect: timed out");
		goto done;
	}
	uint8_t msg[2 + 512];
	msg[0] = (uint8_t)(qlen >> 8);
	msg[1] = (uint8_t)qlen;
	memcpy(msg + 2, q, qlen);
	if (send(fd, msg, qlen + 2, MSG_NOSIGNAL) != (ssize_t)(qlen + 2)) {
		io = fail(err, errsize, "send");
		goto done;
	}
	uint8_t lenbuf[2];
	io = read_full(fd, lenbuf, 2, deadline, err, errsize);
	if (io != IO_OK) {
		goto done;
	}
	size_t len = (size_t)lenbuf[0] << 8 | lenbuf[1];
	if (len > size || len < 12) {
		snprintf(err, errsize, "bad TCP message length %zu", len);
		io = IO_FAIL;
		goto done;
	}
	io = read_full(fd, buf, len, deadline, err, errsize);
	if (io == IO_OK) {
		*alen = len;
	}
done:
	close(fd);
	return io;
}

/* One query over one transport; the answer judged in \a ans. */
static io_t
soa_once(const syncdns_query_t *sq, bool tcp, uint8_t *buf,
         ditto_soaquery_answer_t *ans, char *err, size_t errsize)
{
	ditto_tsig_t ctx;
	ditto_xfrtsig_t st;
	ditto_xfr_tsig_t hook;
	ditto_soaquery_opts_t o = { .id = ditto_msg_randomid(), .edns = true };
	if (sq->key != NULL) {
		ditto_tsig_init(&ctx, sq->key);
		ditto_xfrtsig_bind(&st, &ctx, (uint64_t)time(NULL), &hook);
		o.tsig = &hook;
	}
	uint8_t q[512];
	size_t qlen = 0, alen = 0;
	ditto_err_t e = { .msg = "" };
	io_t io = IO_FAIL;
	if (ditto_soaquery_build(sq->origin, sq->rclass, &o, q, sizeof(q),
	                         &qlen, &e) != DITTO_R_SUCCESS) {
		snprintf(err, errsize, "building the query: %.200s", e.msg);
		goto done;
	}
	io = tcp ? tcp_exchange(sq->addr, q, qlen, sq->timeout_ms, buf,
	                        DITTO_MSG_MAXSIZE, &alen, err, errsize)
	         : udp_exchange(sq->addr, q, qlen, o.id, sq->timeout_ms, buf,
	                        DITTO_MSG_MAXSIZE, &alen, err, errsize);
	if (io == IO_OK) {
		ditto_arena_t arena;
		ditto_arena_init(&arena, 4096);
		if (sq->key != NULL) {
			st.now = (uint64_t)time(NULL);
		}
		(void)ditto_soaquery_parse(buf, alen, o.id, sq->origin,
		                           sq->rclass, o.tsig, false, 0, &arena,
		                           ans);
		ditto_arena_clear(&arena);
	}
done:
	if (sq->key != NULL) {
		ditto_tsig_clear(&ctx);
	}
	return io;
}

/* The judged answer into \a res; false when it is not usable. */
static bool
take_answer(const ditto_soaquery_answer_t *ans, bool tcp, syncdns_result_t *res)
{
	if (ans->verdict != DITTO_SOAQUERY_NEWER) {
		snprintf(res->error, sizeof(res->error), "%.200s",
		         ans->err.msg[0] != '\0' ? ans->err.msg
		                                 : "unusable answer");
		res->answered = true;
		return false;
	}
	res->ok = true;
	res->answered = true;
	res->serial = ans->serial;
	res->expire = ans->expire;
	res->transport = tcp ? "tcp" : "udp";
	return true;
}

void
syncdns_soa(const syncdns_query_t *sq, syncdns_result_t *res)
{
	memset(res, 0, sizeof(*res));
	uint8_t *buf = ditto_malloc(DITTO_MSG_MAXSIZE);
	ditto_soaquery_answer_t ans;
	memset(&ans, 0, sizeof(ans));
	io_t io = IO_TIMEOUT;
	for (unsigned int i = 0; i < sq->tries && io == IO_TIMEOUT; i++) {
		io = soa_once(sq, false, buf, &ans, res->error,
		              sizeof(res->error));
	}
	bool truncated = io == IO_OK && ans.verdict == DITTO_SOAQUERY_TRUNCATED;
	if (io == IO_OK && !truncated) {
		(void)take_answer(&ans, false, res);
		goto done;
	}
	if (io == IO_FAIL) {
		goto done; /* refused, unreachable: TCP would say the same */
	}
	char udperr[sizeof(res->error)];
	snprintf(udperr, sizeof(udperr), "%s", res->error);
	io = soa_once(sq, true, buf, &ans, res->error, sizeof(res->error));
	if (io == IO_OK) {
		(void)take_answer(&ans, true, res);
	} else if (!truncated) {
		char tcperr[sizeof(res->error)];
		snprintf(tcperr, sizeof(tcperr), "%s", res->error);
		snprintf(res->error, sizeof(res->error),
		         "udp: %.100s, tcp: %.100s", udperr, tcperr);
	}
done:
	ditto_free(buf);
}
