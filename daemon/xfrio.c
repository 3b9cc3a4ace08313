/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Blocking socket I/O of the transfer-in pool, with timeouts and a stop fd. */
/*
 * Sockets are non-blocking; each call polls the socket together with the
 * pool's stop eventfd, with a timeout that never passes the caller's
 * deadline, so a silent or slow primary costs at most its limits and a
 * stopping server is never kept waiting. No lock is held here.
 */
#include "xfrio.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "xfrconf.h"

int64_t
xfrio_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
errtext(int e)
{
	switch (e) {
	case ETIMEDOUT:
		return "timed out";
	case ECONNREFUSED:
		return "connection refused";
	case ECONNRESET:
	case EPIPE:
		return "connection reset";
	case ENETUNREACH:
		return "network unreachable";
	case EHOSTUNREACH:
		return "host unreachable";
	case ECANCELED:
		return "operation canceled";
	default:
		return strerror(e);
	}
}

static ditto_result_t
fail(ditto_err_t *err, int e)
{
	ditto_err_set(err, "%s", errtext(e));
	return DITTO_R_IOERROR;
}

/* Wait for \a events on \a fd until \a deadline_ms. \return 0 or errno. */
static int
wait_fd(int fd, int stopfd, short events, int64_t deadline_ms)
{
	for (int spins = 0; spins < 1000000; spins++) {
		int64_t left = deadline_ms - xfrio_now_ms();
		if (left <= 0) {
			return ETIMEDOUT;
		}
		struct pollfd p[2] = { { .fd = fd, .events = events },
			               { .fd = stopfd, .events = POLLIN } };
		int n = poll(p, stopfd >= 0 ? 2 : 1,
		             left > 1000000 ? 1000000 : (int)left);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return errno;
		}
		if (stopfd >= 0 && (p[1].revents & POLLIN) != 0) {
			return ECANCELED;
		}
		if (n > 0 && p[0].revents != 0) {
			return 0;
		}
	}
	return ETIMEDOUT;
}

static int
open_socket(const xfrio_peer_t *peer, int type)
{
	int fd = socket(peer->addr->sa_family,
	                type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return -errno;
	}
	if (peer->src != NULL) {
		int on = 1;
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, peer->src, peer->srclen) != 0) {
			int e = errno;
			close(fd);
			return -e;
		}
	}
	return fd;
}

/* Read datagrams until one from the peer has \a id with QR set. */
static ditto_result_t
udp_wait(int fd, const xfrio_peer_t *peer, uint16_t id, int64_t deadline,
         uint8_t *a, size_t asize, size_t *alen, ditto_err_t *err)
{
	for (int n = 0; n < 1000; n++) {
		int e = wait_fd(fd, peer->stopfd, POLLIN, deadline);
		if (e != 0) {
			return fail(err, e);
		}
		ssize_t r = recv(fd, a, asize, 0);
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				continue;
			}
			return fail(err, errno);
		}
		/* connect() filtered the source; check id and QR */
		if (r >= 12 && (((uint16_t)a[0] << 8) | a[1]) == id &&
		    (a[2] & 0x80) != 0) {
			*alen = (size_t)r;
			return DITTO_R_SUCCESS;
		}
	}
	return fail(err, ETIMEDOUT);
}

ditto_result_t
xfrio_udp(const xfrio_peer_t *peer, const uint8_t *q, size_t qlen, uint16_t id,
          int timeout_ms, uint8_t *a, size_t asize, size_t *alen,
          ditto_err_t *err)
{
	int64_t deadline = xfrio_now_ms() + timeout_ms;
	int fd = open_socket(peer, SOCK_DGRAM);
	if (fd < 0) {
		return fail(err, -fd);
	}
	ditto_result_t result;
	if (connect(fd, peer->addr, peer->addrlen) != 0 ||
	    send(fd, q, qlen, 0) != (ssize_t)qlen) {
		result = fail(err, errno);
	} else {
		result = udp_wait(fd, peer, id, deadline, a, asize, alen, err);
	}
	close(fd);
	return result;
}

ditto_result_t
xfrio_connect(const xfrio_peer_t *peer, int timeout_ms, int *fdp, char *local,
              size_t localsize, ditto_err_t *err)
{
	int fd = open_socket(peer, SOCK_STREAM);
	if (fd < 0) {
		return fail(err, -fd);
	}
	if (connect(fd, peer->addr, peer->addrlen) != 0) {
		if (errno != EINPROGRESS) {
			int e = errno;
			close(fd);
			return fail(err, e);
		}
		int e = wait_fd(fd, peer->stopfd, POLLOUT,
		                xfrio_now_ms() + timeout_ms);
		socklen_t el = sizeof(int);
		if (e == 0 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0) {
			e = errno;
		}
		if (e != 0) {
			close(fd);
			return fail(err, e);
		}
	}
	if (local != NULL) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
			xfrconf_addrtext((struct sockaddr *)&ss, local,
			                 localsize);
		} else {
			local[0] = '\0';
		}
	}
	*fdp = fd;
	return DITTO_R_SUCCESS;
}

ditto_result_t
xfrio_send(int fd, int stopfd, const uint8_t *msg, size_t len,
           int64_t deadline_ms, ditto_err_t *err)
{
	uint8_t pfx[2] = { (uint8_t)(len >> 8), (uint8_t)len };
	size_t done = 0, total = len + 2;
	if (len > 65535) {
		ditto_err_set(err, "message too large");
		return DITTO_R_RANGE;
	}
	for (int n = 0; done < total && n < 100000; n++) {
		int e = wait_fd(fd, stopfd, POLLOUT, deadline_ms);
		if (e != 0) {
			return fail(err, e);
		}
		struct iovec iov[2];
		int cnt = 0;
		if (done < 2) {
			iov[cnt++] = (struct iovec){ .iov_base = pfx + done,
				                     .iov_len = 2 - done };
		}
		size_t off = done < 2 ? 0 : done - 2;
		iov[cnt++] = (struct iovec){ .iov_base = (void *)(msg + off),
			                     .iov_len = len - off };
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = cnt };
		ssize_t w = sendmsg(fd, &mh, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				continue;
			}
			return fail(err, errno);
		}
		done += (size_t)w;
	}
	return done == total ? DITTO_R_SUCCESS : fail(err, ETIMEDOUT);
}

/* Read exactly \a len bytes. \a eof_ok: a close before the first byte
 * is "end of file". */
static ditto_result_t
read_full(int fd, int stopfd, uint8_t *buf, size_t len, int idle_ms,
          int64_t deadline_ms, ditto_err_t *err)
{
	size_t got = 0;
	for (int n = 0; got < len && n < 1000000; n++) {
		int64_t idle = xfrio_now_ms() + idle_ms;
		int e = wait_fd(fd, stopfd, POLLIN,
		                idle < deadline_ms ? idle : deadline_ms);
		if (e != 0) {
			return fail(err, e);
		}
		ssize_t r = recv(fd, buf + got, len - got, 0);
		if (r == 0) {
			ditto_err_set(err, "end of file");
			return DITTO_R_IOERROR;
		}
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				continue;
			}
			return fail(err, errno);
		}
		got += (size_t)r;
	}
	return got == len ? DITTO_R_SUCCESS : fail(err, ETIMEDOUT);
}

ditto_result_t
xfrio_recv(int fd, int stopfd, uint8_t *buf, size_t size, size_t *len,
           int idle_ms, int64_t deadline_ms, ditto_err_t *err)
{
	uint8_t pfx[2];
	ditto_result_t result =
	        read_full(fd, stopfd, pfx, 2, idle_ms, deadline_ms, err);
	if (result != DITTO_R_SUCCESS) {
		return result;
	}
	size_t mlen = ((size_t)pfx[0] << 8) | pfx[1];
	if (mlen > size) {
		ditto_err_set(err, "message of %zu bytes too large", mlen);
		return DITTO_R_IOERROR;
	}
	result = read_full(fd, stopfd, buf, mlen, idle_ms, deadline_ms, err);
	if (result == DITTO_R_SUCCESS) {
		*len = mlen;
	}
	return result;
}
