/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittod: named's command line, daemonizing, and the signal loop. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <urcu.h>

#include "control.h"
#include "log.h"
#include "server.h"

#ifndef DITTO_VERSION
#define DITTO_VERSION "0.1.0"
#endif

static void
usage(void)
{
	fprintf(stderr,
	        "usage: dittod [-4|-6] [-c conffile] [-d debuglevel] [-f|-g]\n"
	        "              [-n number_of_cpus] [-p port] [-t chrootdir]\n"
	        "              [-u username] [-v] [-V]\n");
}

static void
version(bool full)
{
	printf("ditto %s (dittod, a BIND 9 compatible secondary name "
	       "server)\n",
	       DITTO_VERSION);
	if (!full) {
		return;
	}
	printf("compiled by %s\n", __VERSION__);
	printf("compiled with liburcu (RCU zone publication)\n");
	printf("default paths:\n  named configuration: "
	       "/etc/bind/named.conf\n  PID file: /run/named/named.pid\n");
}

static bool
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > max) {
		return false;
	}
	*out = v;
	return true;
}

/* Returns -1 to go on, else the exit status. */
static int
parse_args(int argc, char **argv, server_args_t *a)
{
	unsigned long v;
	int c;
	a->conffile = "/etc/bind/named.conf";
	while ((c = getopt(argc, argv,
	                   "46c:d:fgn:p:t:u:vVD:E:L:m:M:sS:U:X:")) != -1) {
		switch (c) {
		case '4':
		case '6':
			if ((c == '4' && a->v6 && !a->v4) ||
			    (c == '6' && a->v4 && !a->v6)) {
				fprintf(stderr, "dittod: -4 and -6 cannot both "
				                "be specified\n");
				return 1;
			}
			a->v4 = c == '4';
			a->v6 = c == '6';
			break;
		case 'c':
			a->conffile = optarg;
			break;
		case 'd':
			if (!parse_uint(optarg, 99, &v)) {
				fprintf(stderr, "dittod: bad -d '%s'\n",
				        optarg);
				return 1;
			}
			a->debug = (unsigned int)v;
			break;
		case 'f':
			a->foreground = true;
			break;
		case 'g':
			a->foreground = a->log_stderr = true;
			break;
		case 'n':
			if (!parse_uint(optarg, 1024, &v) || v == 0) {
				fprintf(stderr, "dittod: bad -n '%s'\n",
				        optarg);
				return 1;
			}
			a->nworkers = (unsigned int)v;
			break;
		case 'p':
			if (!parse_uint(optarg, 65535, &v) || v == 0) {
				fprintf(stderr,
				        "dittod: port '%s' out of range\n",
				        optarg);
				return 1;
			}
			a->port = (uint16_t)v;
			break;
		case 't':
			a->chroot_dir = optarg;
			break;
		case 'u':
			a->user = optarg;
			break;
		case 'v':
			version(false);
			return 0;
		case 'V':
			version(true);
			return 0;
		case 'D': /* named: a tag for ps(1); ignored */
			break;
		case 'E':
		case 'L':
		case 'm':
		case 'M':
		case 's':
		case 'S':
		case 'U':
		case 'X':
			fprintf(stderr, "dittod: option -%c is ignored\n", c);
			break;
		default:
			usage();
			return 1;
		}
	}
	if (optind != argc) {
		usage();
		return 1;
	}
	if (!a->v4 && !a->v6) {
		a->v4 = a->v6 = true;
	}
	return -1;
}

/* Fork; the parent waits for the child to report startup and exits. */
static int
daemonize(int *readyfd)
{
	int p[2];
	if (pipe(p) != 0) {
		perror("dittod: pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("dittod: fork");
		return 1;
	}
	if (pid > 0) {
		char ok = 0;
		close(p[1]);
		ssize_t n = read(p[0], &ok, 1);
		_exit(n == 1 && ok == 1 ? 0 : 1);
	}
	close(p[0]);
	setsid();
	*readyfd = p[1];
	return -1;
}

static void
detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO) {
			close(fd);
		}
	}
}

/* Wait for signals (signalfd) and requests of the control thread. */
static void
signal_loop(server_t *srv)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	int sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "signalfd: %s",
		          strerror(errno));
		return;
	}
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = control_mainfd(srv->ctl), .events = POLLIN },
		};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL, "poll: %s",
			          strerror(errno));
			break;
		}
		if ((pfd[1].revents & POLLIN) != 0) {
			control_next_t next = control_mainwork(srv->ctl);
			if (next != CONTROL_CONTINUE) {
				break;
			}
		}
		struct signalfd_siginfo si;
		if ((pfd[0].revents & POLLIN) == 0 ||
		    read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si)) {
			continue;
		}
		if (si.ssi_signo == SIGHUP) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
			          "received SIGHUP signal to reload zones");
			(void)server_reload(srv, false);
		} else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			log_write(LOG_CAT_GENERAL, LOG_LVL_INFO,
			          "received %s signal to shut down",
			          si.ssi_signo == SIGTERM ? "SIGTERM"
			                                  : "SIGINT");
			/* named: SIGTERM is `rndc stop` (flush), not halt */
			srv->flush_on_shutdown = true;
			break;
		}
	}
	close(sfd);
}

int
main(int argc, char **argv)
{
	server_t srv;
	int readyfd = -1;
	memset(&srv, 0, sizeof(srv));
	int rc = parse_args(argc, argv, &srv.args);
	if (rc >= 0) {
		return rc;
	}
	/* every thread inherits this mask: signals are taken synchronously
	 * by the main thread in sigwaitinfo() */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_init("dittod", srv.args.log_stderr, srv.args.debug);
	log_mirror_errors(!srv.args.log_stderr);
	if (!srv.args.foreground && (rc = daemonize(&readyfd)) >= 0) {
		return rc;
	}
	log_write(LOG_CAT_GENERAL, LOG_LVL_NOTICE, "starting ditto %s",
	          DITTO_VERSION);
	if (server_start(&srv) != DITTO_R_SUCCESS) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "exiting (due to fatal error)");
		server_stop(&srv);
		log_shutdown();
		return 1;
	}
	log_mirror_errors(false);
	if (readyfd >= 0) {
		char ok = 1;
		ssize_t n = write(readyfd, &ok, 1);
		(void)n;
		close(readyfd);
		detach_stdio();
	}
	signal_loop(&srv);
	server_stop(&srv);
	log_shutdown();
	return 0;
}
