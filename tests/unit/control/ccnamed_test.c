/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Interop: ditto's control client against a real named on loopback. Starts
 * /usr/sbin/named with a `controls` statement on a free port (skipped when
 * named is not installed) and sends commands over TCP. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define NAMED "/usr/sbin/named"

static char dir[64];
static pid_t named_pid = -1;
static uint16_t ctl_port;

static uint16_t
free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static int
connect_ctl(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(ctl_port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
setup(void **state)
{
	(void)state;
	if (access(NAMED, X_OK) != 0) {
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/ditto-ccnamed-XXXXXX");
	assert_non_null(mkdtemp(dir));
	ctl_port = free_port();
	uint16_t dns_port = free_port();
	char path[128];
	snprintf(path, sizeof(path), "%s/named.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "options { directory \"%s\"; pid-file \"%s/named.pid\";\n"
	        "  listen-on port %u { 127.0.0.1; }; listen-on-v6 { none; };\n"
	        "  recursion no; };\n"
	        "key \"ditto-test\" { algorithm hmac-sha256; secret \"%s\"; "
	        "};\n"
	        "key \"m5\" { algorithm hmac-md5; secret \"%s\"; };\n"
	        "controls { inet 127.0.0.1 port %u allow { 127.0.0.1; }\n"
	        "  keys { \"ditto-test\"; \"m5\"; }; };\n",
	        dir, dir, dns_port, SHA256_SECRET, MD5_SECRET, ctl_port);
	fclose(f);
	named_pid = fork();
	assert_true(named_pid >= 0);
	if (named_pid == 0) {
		char log[128];
		snprintf(log, sizeof(log), "%s/named.log", dir);
		FILE *l = freopen(log, "w", stderr);
		(void)l;
		execl(NAMED, "named", "-g", "-c", path, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) { /* up to 20 s */
		int fd = connect_ctl();
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		usleep(100000);
	}
	fail_msg("named did not open the control port (see %s)", dir);
	return -1;
}

static int
teardown(void **state)
{
	(void)state;
	if (named_pid > 0) {
		kill(named_pid, SIGTERM);
		int st = 0;
		for (int i = 0; i < 100; i++) {
			if (waitpid(named_pid, &st, WNOHANG) == named_pid) {
				named_pid = -1;
				break;
			}
			usleep(100000);
		}
		if (named_pid > 0) {
			kill(named_pid, SIGKILL);
			waitpid(named_pid, &st, 0);
		}
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0) {
			fprintf(stderr, "could not remove %s\n", dir);
		}
	}
	return 0;
}

/* Run one command; returns the client's last result. \a closed is set when
 * named closed the connection without a reply. */
static ditto_result_t
run(const ditto_ccauth_key_t *key, const char *command, ditto_ccclient_t *c,
    bool *closed)
{
	static uint32_t ser = 0;
	if (ser == 0) {
		ser = (uint32_t)time(NULL) * 7u;
	}
	*closed = false;
	ditto_result_t r =
	        ditto_ccclient_init(c, key, command, ser, (uint64_t)time(NULL));
	ser += 2;
	assert_int_equal(r, DITTO_R_SUCCESS);
	int fd = connect_ctl();
	assert_true(fd >= 0);
	ditto_ccmsg_action_t action = DITTO_CCMSG_SEND;
	for (int rounds = 0; rounds < 10000 && action != DITTO_CCMSG_DONE;
	     rounds++) {
		if (action == DITTO_CCMSG_SEND) {
			const uint8_t *out = NULL;
			size_t len = 0;
			ditto_ccclient_output(c, &out, &len);
			assert_int_equal(write(fd, out, len), (ssize_t)len);
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		assert_int_equal(poll(&p, 1, 10000), 1);
		uint8_t buf[4096];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0) {
			*closed = true;
			close(fd);
			return DITTO_R_FAILURE;
		}
		size_t off = 0;
		while (off < (size_t)n && action != DITTO_CCMSG_DONE) {
			size_t used = 0;
			r = ditto_ccclient_feed(c, buf + off, (size_t)n - off,
			                        (uint64_t)time(NULL), &used,
			                        &action, NULL);
			if (r != DITTO_R_SUCCESS) {
				close(fd);
				return r;
			}
			off += used;
			if (action == DITTO_CCMSG_SEND) {
				break;
			}
		}
	}
	close(fd);
	return DITTO_R_SUCCESS;
}

static void
status(void **state)
{
	(void)state;
	if (named_pid <= 0) {
		skip();
	}
	ditto_ccauth_key_t sha, md5;
	key_sha256(&sha);
	key_md5(&md5);
	const ditto_ccauth_key_t *keys[] = { &sha, &md5 };
	for (size_t i = 0; i < 2; i++) {
		ditto_ccclient_t c;
		bool closed = false;
		assert_int_equal(run(keys[i], "status", &c, &closed),
		                 DITTO_R_SUCCESS);
		assert_int_equal(c.state, DITTO_CCCLIENT_DONE);
		assert_true(c.nonce != 0);
		assert_true(c.has_result);
		assert_int_equal(c.result, 0);
		assert_null(c.err);
		assert_non_null(c.text);
		assert_non_null(strstr(c.text, "server is up and running"));
		assert_true(strncmp(c.text, "version: BIND 9.", 16) == 0);
		ditto_ccclient_clear(&c);
	}
}

static void
errors(void **state)
{
	(void)state;
	if (named_pid <= 0) {
		skip();
	}
	ditto_ccauth_key_t sha;
	key_sha256(&sha);
	ditto_ccclient_t c;
	bool closed = false;
	assert_int_equal(run(&sha, "frobnicate", &c, &closed), DITTO_R_SUCCESS);
	assert_int_equal(c.result, 172);
	assert_string_equal(c.err, "unknown command");
	assert_null(c.text);
	ditto_ccclient_clear(&c);
	assert_int_equal(run(&sha, "zonestatus nosuch.test", &c, &closed),
	                 DITTO_R_SUCCESS);
	assert_int_equal(c.result, 23);
	assert_string_equal(c.err, "not found");
	assert_string_equal(c.text,
	                    "no matching zone 'nosuch.test' in any view");
	ditto_ccclient_clear(&c);
	/* a key named does not have: closed without a reply */
	ditto_ccauth_key_t bad = sha;
	bad.secret[3] ^= 0x40;
	assert_int_equal(run(&bad, "status", &c, &closed), DITTO_R_FAILURE);
	assert_true(closed);
	ditto_ccclient_clear(&c);
	/* stale clock: 301 s behind */
	assert_int_equal(ditto_ccclient_init(&c, &sha, "status", 12345,
	                                     (uint64_t)time(NULL) - 301),
	                 DITTO_R_SUCCESS);
	int fd = connect_ctl();
	const uint8_t *out = NULL;
	size_t len = 0;
	ditto_ccclient_output(&c, &out, &len);
	assert_int_equal(write(fd, out, len), (ssize_t)len);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 10000), 1);
	uint8_t buf[64];
	assert_int_equal(read(fd, buf, sizeof(buf)), 0);
	close(fd);
	ditto_ccclient_clear(&c);
	/* the server still answers */
	assert_int_equal(run(&sha, "null", &c, &closed), DITTO_R_SUCCESS);
	assert_int_equal(c.result, 0);
	ditto_ccclient_clear(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
