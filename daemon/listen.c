/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Listen addresses from listen-on / listen-on-v6 and the interfaces. */
/*
 * As named does, dittod binds one socket per interface address rather
 * than the wildcard: answers then leave from the address the query came
 * to, and allow-query-on / match-destinations see that address. The
 * interface list is read once at start.
 */
#include "listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "acl/acl.h"
#include "util/mem.h"

#include "dconf.h"

static uint16_t
port_of(const ditto_config_t *cfg, const listen_opts_t *lo,
        const ditto_config_listen_t *l)
{
	if (l != NULL && l->port != 0) {
		return l->port;
	}
	return lo->port != 0 ? lo->port : cfg->port;
}

static bool
already(const listen_addr_t *v, size_t n, const listen_addr_t *a)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].len == a->len &&
		    memcmp(&v[i].ss, &a->ss, a->len) == 0) {
			return true;
		}
	}
	return false;
}

static void
make_addr(const struct ifaddrs *ifa, uint16_t port, listen_addr_t *a)
{
	char host[INET6_ADDRSTRLEN];
	memset(a, 0, sizeof(*a));
	if (ifa->ifa_addr->sa_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;
		memcpy(sin, ifa->ifa_addr, sizeof(*sin));
		sin->sin_port = htons(port);
		a->len = sizeof(*sin);
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(a->text, sizeof(a->text), "%s#%u", host, port);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;
		memcpy(sin6, ifa->ifa_addr, sizeof(*sin6));
		sin6->sin6_port = htons(port);
		a->len = sizeof(*sin6);
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		snprintf(a->text, sizeof(a->text), "%s#%u", host, port);
	}
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifa->ifa_name);
}

/* The listen statements of one family, or the default { any; }. */
static ditto_result_t
family_addrs(const ditto_config_t *cfg, const listen_opts_t *lo, bool v6,
             const struct ifaddrs *ifs, const ditto_aclenv_t *env,
             listen_addr_t **v, size_t *n, size_t *cap, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	bool any_stmt = false;
	int fam = v6 ? AF_INET6 : AF_INET;
	for (const ditto_config_listen_t *l = cfg->listen; l != NULL;
	     l = l->next) {
		if (l->v6 != v6) {
			continue;
		}
		any_stmt = true;
		ditto_acl_t *acl = NULL;
		CHECK(dconf_acl(cfg, &l->addrs, &acl, err));
		for (const struct ifaddrs *i = ifs; i != NULL;
		     i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != fam || acl == NULL ||
			    ditto_acl_matchsockaddr(acl, env, i->ifa_addr, NULL,
			                            NULL) != DITTO_ACL_ALLOW) {
				continue;
			}
			listen_addr_t a;
			make_addr(i, port_of(cfg, lo, l), &a);
			if (already(*v, *n, &a)) {
				continue;
			}
			if (*n == *cap) {
				*cap = *cap == 0 ? 8 : *cap * 2;
				*v = ditto_realloc(*v, *cap * sizeof(**v));
			}
			(*v)[(*n)++] = a;
		}
		ditto_acl_detach(&acl);
	}
	if (!any_stmt) {
		for (const struct ifaddrs *i = ifs; i != NULL;
		     i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != fam) {
				continue;
			}
			listen_addr_t a;
			make_addr(i, port_of(cfg, lo, NULL), &a);
			if (!already(*v, *n, &a)) {
				if (*n == *cap) {
					*cap = *cap == 0 ? 8 : *cap * 2;
					*v = ditto_realloc(*v,
					                   *cap * sizeof(**v));
				}
				(*v)[(*n)++] = a;
			}
		}
	}
cleanup:
	return result;
}

ditto_result_t
listen_addrs(const ditto_config_t *cfg, const listen_opts_t *lo,
             listen_addr_t **out, size_t *n, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	struct ifaddrs *ifs = NULL;
	listen_addr_t *v = NULL;
	size_t cnt = 0, cap = 0;
	if (getifaddrs(&ifs) != 0) {
		ditto_err_set(err, "getifaddrs: %s", strerror(errno));
		return DITTO_R_IOERROR;
	}
	ditto_aclenv_t *env = NULL;
	ditto_aclenv_create(&env);
	if (ditto_aclenv_loadsystem(env, NULL) != DITTO_R_SUCCESS) {
		/* localhost/localnets then match nothing; getifaddrs()
		 * below reports the failure */
	}
	if (lo->v4) {
		CHECK(family_addrs(cfg, lo, false, ifs, env, &v, &cnt, &cap,
		                   err));
	}
	if (lo->v6) {
		CHECK(family_addrs(cfg, lo, true, ifs, env, &v, &cnt, &cap,
		                   err));
	}
	ditto_aclenv_destroy(&env);
	freeifaddrs(ifs);
	*out = v;
	*n = cnt;
	return DITTO_R_SUCCESS;
cleanup:
	ditto_aclenv_destroy(&env);
	freeifaddrs(ifs);
	ditto_free(v);
	return result;
}

/*
 * A larger UDP receive buffer than the kernel's default (~208 KiB): a
 * burst of queries (a poller sweeping thousands of zones, a resolver
 * farm) must not be dropped while the worker is busy for a moment. Best
 * effort: the kernel caps it at net.core.rmem_max. \return true
 */
#define UDP_RCVBUF (4 << 20)
static bool
udp_buffers(int fd)
{
	int size = UDP_RCVBUF;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return true;
}

int
listen_socket(const listen_addr_t *a, bool tcp)
{
	int on = 1;
	int fd = socket(a->ss.ss_family,
	                (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK |
	                        SOCK_CLOEXEC,
	                0);
	if (fd < 0) {
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0 ||
	    (a->ss.ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0) ||
	    (!tcp && !udp_buffers(fd)) ||
	    bind(fd, (const struct sockaddr *)&a->ss, a->len) != 0 ||
	    (tcp && listen(fd, 128) != 0)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}
