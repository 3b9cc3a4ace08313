/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl: one command over one connection, and rndc's output rules. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "control/ccclient.h"
#include "control/resultmap.h"
#include "util/mem.h"

#include "ctl.h"

/*
 * The connection follows rndc (protocols/rndc.md §1, §5, §8.5): connect
 * (each address in turn; a refused one is reported with -V and the next is
 * tried), `null` for the nonce, the command, its reply, close. Connect and
 * every read wait at most ctl->timeout seconds. Errors are worded as rndc
 * words them, because scripts match on the text after the prefix.
 */

#define EOF_MSG                                       \
	"connection to remote host closed.\n"         \
	"* This may indicate that the\n"              \
	"* remote server is using an older\n"         \
	"* version of the command protocol,\n"        \
	"* this host is not authorized to connect,\n" \
	"* the clocks are not synchronized,\n"        \
	"* the key signing algorithm is incorrect\n"  \
	"* or the key is invalid."

void
ctl_notify(const ctl_t *ctl, const char *fmt, ...)
{
	if (!ctl->verbose) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
ctl_sockaddr_format(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		port = ntohs(s4->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		port = ntohs(s6->sin6_port);
	}
	snprintf(buf, len, "%s#%u", a, port);
}

/* BIND's texts for socket errors (isc_result_totext of the mapped code). */
static const char *
errno_text(int e, const char **id)
{
	static const struct {
		int e;
		const char *text, *id;
	} tab[] = {
		{ ECONNREFUSED, "connection refused", "ISC_R_CONNREFUSED" },
		{ ETIMEDOUT, "timed out", "ISC_R_TIMEDOUT" },
		{ ECONNRESET, "connection reset", "ISC_R_CONNECTIONRESET" },
		{ EPIPE, "connection reset", "ISC_R_CONNECTIONRESET" },
		{ EADDRNOTAVAIL, "address not available",
		  "ISC_R_ADDRNOTAVAIL" },
		{ EADDRINUSE, "address in use", "ISC_R_ADDRINUSE" },
		{ ENETUNREACH, "network unreachable", "ISC_R_NETUNREACH" },
		{ EHOSTUNREACH, "host unreachable", "ISC_R_HOSTUNREACH" },
		{ EHOSTDOWN, "host down", "ISC_R_HOSTDOWN" },
		{ EACCES, "permission denied", "ISC_R_NOPERM" },
		{ EPERM, "permission denied", "ISC_R_NOPERM" },
		{ EAFNOSUPPORT, "address family not supported",
		  "ISC_R_FAMILYNOSUPPORT" },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (tab[i].e == e) {
			*id = tab[i].id;
			return tab[i].text;
		}
	}
	*id = "ISC_R_UNEXPECTED";
	return strerror(e);
}

static void fatal(ctl_reply_t *r, const char *id, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
fatal(ctl_reply_t *r, const char *id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->fatal = true;
	r->fatal_id = id;
}

static socklen_t
salen(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                 : sizeof(struct sockaddr_in);
}

/* Connect with a timeout; the socket, or -1 with errno set. */
static int
connect_to(const ctl_t *ctl, const struct sockaddr_storage *ss)
{
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return -1;
	}
	const struct sockaddr_storage *src =
	        ss->ss_family == AF_INET6 ? (ctl->has_src6 ? &ctl->src6 : NULL)
	                                  : (ctl->has_src4 ? &ctl->src4 : NULL);
	if (src != NULL &&
	    bind(fd, (const struct sockaddr *)src, salen(src)) != 0) {
		goto fail;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) {
		goto fail;
	}
	if (connect(fd, (const struct sockaddr *)ss, salen(ss)) != 0) {
		if (errno != EINPROGRESS) {
			goto fail;
		}
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		int n = poll(&p, 1, (int)ctl->timeout * 1000);
		if (n == 0) {
			errno = ETIMEDOUT;
			goto fail;
		}
		int soerr = 0;
		socklen_t sl = sizeof(soerr);
		if (n < 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0) {
			goto fail;
		}
		if (soerr != 0) {
			errno = soerr;
			goto fail;
		}
	}
	return fd;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

static bool
send_all(int fd, const uint8_t *p, size_t len, unsigned int timeout)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			return false;
		}
		struct pollfd pf = { .fd = fd, .events = POLLOUT };
		if (poll(&pf, 1, (int)timeout * 1000) == 0) {
			errno = ETIMEDOUT;
			return false;
		}
	}
	return true;
}

/*
 * rndc's words for a bad reply: truncated values are "unexpected end of
 * input" (the decoder's reason says "runs past the end"), anything else
 * that fails to decode or verify is "bad auth".
 */
static void
feed_error(ctl_reply_t *r, ditto_result_t res, const ditto_err_t *err)
{
	if (res == DITTO_R_RANGE) {
		fatal(r, "ISC_R_RANGE", "recv failed: out of range");
	} else if (res == DITTO_R_UNEXPECTEDEND ||
	           (res == DITTO_R_FORMERR &&
	            strstr(err->msg, "past the end") != NULL)) {
		fatal(r, "ISC_R_UNEXPECTEDEND",
		      "parse message: unexpected end of input");
	} else {
		/* a reply without a valid _auth first: rndc says bad auth */
		fatal(r, "ISCCC_R_BADAUTH", "parse message: bad auth");
	}
}

/* Read one chunk (waiting at most the timeout): bytes, 0 on EOF, -1. */
static ssize_t
recv_some(int fd, uint8_t *buf, size_t len, unsigned int timeout)
{
	for (int tries = 0; tries < 1000; tries++) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int n = poll(&pf, 1, (int)timeout * 1000);
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (n < 0 && errno != EINTR) {
			return -1;
		}
		ssize_t got = recv(fd, buf, len, 0);
		if (got >= 0 || (errno != EAGAIN && errno != EINTR)) {
			return got;
		}
	}
	errno = ETIMEDOUT;
	return -1;
}

/* Drive the sans-IO client over connected socket \a fd. */
static void
converse(ctl_t *ctl, int fd, ditto_ccclient_t *c, ctl_reply_t *r)
{
	uint8_t buf[16384];
	const uint8_t *out;
	size_t outlen;
	ditto_ccclient_output(c, &out, &outlen);
	ctl_notify(ctl, "create message");
	ctl_notify(ctl, "render message");
	const char *id;
	if (!send_all(fd, out, outlen, ctl->timeout)) {
		const char *t = errno_text(errno, &id);
		fatal(r, id, "send failed: %s", t);
		return;
	}
	/* two replies at most: the nonce, then the command's; 1 MiB each */
	for (size_t total = 0; total < 4u * 1024 * 1024;) {
		ssize_t got = recv_some(fd, buf, sizeof(buf), ctl->timeout);
		if (got == 0) {
			fatal(r, "ISC_R_EOF", "%s", EOF_MSG);
			return;
		}
		if (got < 0) {
			const char *t = errno_text(errno, &id);
			fatal(r, id, "recv failed: %s", t);
			return;
		}
		total += (size_t)got;
		size_t off = 0;
		while (off < (size_t)got) {
			size_t used = 0;
			ditto_ccmsg_action_t act = DITTO_CCMSG_READ;
			ditto_err_t err = { .msg = "" };
			ditto_result_t res = ditto_ccclient_feed(
			        c, buf + off, (size_t)got - off,
			        (uint64_t)time(NULL), &used, &act, &err);
			if (res != DITTO_R_SUCCESS) {
				feed_error(r, res, &err);
				return;
			}
			off += used;
			if (act == DITTO_CCMSG_DONE) {
				ctl_notify(ctl, "parse message");
				return;
			}
			if (act == DITTO_CCMSG_SEND) {
				ctl_notify(ctl, "parse message");
				ctl_notify(ctl, "create message");
				ctl_notify(ctl, "render message");
				ditto_ccclient_output(c, &out, &outlen);
				if (!send_all(fd, out, outlen, ctl->timeout)) {
					const char *t = errno_text(errno, &id);
					fatal(r, id, "send failed: %s", t);
					return;
				}
			}
			if (used == 0 && act == DITTO_CCMSG_READ) {
				break;
			}
		}
	}
	fatal(r, "ISC_R_RANGE", "recv failed: out of range");
}

static void
take_reply(ditto_ccclient_t *c, ctl_reply_t *r)
{
	r->has_result = c->has_result;
	r->result = c->result;
	r->err = c->err != NULL ? ditto_strdup(c->err) : NULL;
	r->text = c->text != NULL ? ditto_strdup(c->text) : NULL;
}

void
ctl_run(ctl_t *ctl, const char *command, ctl_reply_t *r)
{
	memset(r, 0, sizeof(*r));
	char at[INET6_ADDRSTRLEN + 8];
	int fd = -1;
	for (size_t i = 0; i < ctl->naddrs && fd < 0; i++) {
		ctl_sockaddr_format(&ctl->addrs[i], at, sizeof(at));
		ctl_notify(ctl, "using server %s (%s)", ctl->server, at);
		fd = connect_to(ctl, &ctl->addrs[i]);
		if (fd < 0) {
			const char *id;
			const char *t = errno_text(errno, &id);
			if (i + 1 < ctl->naddrs) {
				ctl_notify(ctl, "connection failed: %s: %s", at,
				           t);
				continue;
			}
			fatal(r, id, "connect failed: %s: %s", at, t);
			return;
		}
	}
	if (fd < 0) {
		fatal(r, "ISC_R_NOTFOUND", "no addresses to connect to");
		return;
	}
	ditto_ccclient_t c;
	if (ditto_ccclient_init(&c, &ctl->key, command, ctl->ser,
	                        (uint64_t)time(NULL)) != DITTO_R_SUCCESS) {
		close(fd);
		fatal(r, "ISC_R_FAILURE", "create message: failure");
		return;
	}
	converse(ctl, fd, &c, r);
	ctl->ser = c.ser;
	close(fd);
	if (!r->fatal) {
		take_reply(&c, r);
	}
	ditto_ccclient_clear(&c);
}

void
ctl_reply_clear(ctl_reply_t *r)
{
	ditto_free(r->err);
	ditto_free(r->text);
	r->err = NULL;
	r->text = NULL;
}

/* rndc's output rules (protocols/rndc.md §8.6). */
bool
ctl_output(const ctl_t *ctl, const char *command, const char *cmd,
           const ctl_reply_t *r)
{
	if (r->fatal) {
		if (ctl->json) {
			ctl_json_reply(stdout, command, r);
		} else {
			fprintf(stderr, "%s: %s\n", ctl->progname, r->msg);
		}
		return false;
	}
	bool failed = r->err != NULL;
	if (ctl->json) {
		ctl_json_reply(stdout, command, r);
		return !failed;
	}
	if (failed) {
		fprintf(stderr, "%s: '%s' failed: %s\n", ctl->progname, cmd,
		        r->err);
	}
	if (r->text != NULL && r->text[0] != '\0') {
		if (failed) {
			fprintf(stderr, "%s\n", r->text);
		} else if (!ctl->quiet) {
			printf("%s\n", r->text);
		}
	}
	if (ctl->showresult) {
		const char *id =
		        r->has_result ? ditto_resultmap_id(r->result) : NULL;
		if (!r->has_result) {
			printf("NONE -1\n");
		} else if (id != NULL) {
			printf("%s %u\n", id, r->result);
		} else {
			printf("UNKNOWN %u\n", r->result);
		}
	}
	fflush(stdout);
	fflush(stderr);
	return !failed;
}
