/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* localhost / localnets for address-match lists, from the host interfaces. */
#include "acl/aclenv.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

#include "acl/acl_p.h"
#include "util/assert.h"
#include "util/mem.h"

void
ditto_aclenv_create(ditto_aclenv_t **envp)
{
	REQUIRE(envp != NULL && *envp == NULL);
	*envp = ditto_calloc(1, sizeof(**envp));
}

void
ditto_aclenv_destroy(ditto_aclenv_t **envp)
{
	REQUIRE(envp != NULL);
	ditto_aclenv_t *env = *envp;
	if (env == NULL) {
		return;
	}
	ditto_free(env->localhost);
	ditto_free(env->localnets);
	ditto_free(env);
	*envp = NULL;
}

static void
push(ditto__aclpfx_t **v, unsigned int *n, const ditto_acladdr_t *a)
{
	/* Grow by doubling: n is a power of two exactly when the array is
	 * full (or empty). */
	if ((*n & (*n - 1)) == 0) {
		size_t cap = *n == 0 ? 4 : (size_t)*n * 2;
		*v = ditto_realloc(*v, cap * sizeof(**v));
	}
	ditto__acl_pfxinit(&(*v)[*n], a);
	(*n)++;
}

ditto_result_t
ditto_aclenv_addinterface(ditto_aclenv_t *env, const ditto_acladdr_t *addr,
                          unsigned int netlen)
{
	REQUIRE(env != NULL && addr != NULL);
	REQUIRE(addr->family == AF_INET || addr->family == AF_INET6);
	ditto_result_t result;
	ditto_acladdr_t host = *addr;
	ditto_acladdr_t net = *addr;

	if (env->nlocalhost >= DITTO_ACLENV_MAXIFADDRS) {
		return DITTO_R_TOOMANY;
	}
	CHECK(ditto_acladdr_setprefix(&net, netlen));
	host.prefixlen = addr->family == AF_INET ? 32 : 128;
	push(&env->localhost, &env->nlocalhost, &host);
	push(&env->localnets, &env->nlocalnets, &net);
cleanup:
	return result;
}

void
ditto_aclenv_setmatchmapped(ditto_aclenv_t *env, bool on)
{
	REQUIRE(env != NULL);
	env->match_mapped = on;
}

bool
ditto_aclenv_matchmapped(const ditto_aclenv_t *env)
{
	REQUIRE(env != NULL);
	return env->match_mapped;
}

/* Prefix length of a contiguous netmask, or -1. */
static int
masklen(const ditto_acladdr_t *mask)
{
	unsigned int nbytes = mask->family == AF_INET ? 4 : 16;
	int len = 0;
	bool ended = false;
	for (unsigned int i = 0; i < nbytes; i++) {
		for (int b = 7; b >= 0; b--) {
			bool set = (mask->addr[i] >> b) & 1;
			if (set && ended) {
				return -1;
			}
			if (!set) {
				ended = true;
			} else {
				len++;
			}
		}
	}
	return len;
}

static ditto_result_t
add_ifaddr(ditto_aclenv_t *env, const struct ifaddrs *ifa)
{
	ditto_acladdr_t addr, mask;
	int len = -1;

	if (ditto_acladdr_fromsockaddr(ifa->ifa_addr, &addr) !=
	    DITTO_R_SUCCESS) {
		return DITTO_R_SUCCESS; /* not IP: skip */
	}
	if (ifa->ifa_netmask != NULL &&
	    ifa->ifa_netmask->sa_family == ifa->ifa_addr->sa_family &&
	    ditto_acladdr_fromsockaddr(ifa->ifa_netmask, &mask) ==
	            DITTO_R_SUCCESS) {
		len = masklen(&mask);
	}
	if (len < 0) {
		len = addr.prefixlen; /* localnets gets the host alone */
	}
	return ditto_aclenv_addinterface(env, &addr, (unsigned int)len);
}

ditto_result_t
ditto_aclenv_loadsystem(ditto_aclenv_t *env, ditto_err_t *err)
{
	REQUIRE(env != NULL);
	ditto_result_t result = DITTO_R_SUCCESS;
	struct ifaddrs *list = NULL;

	if (getifaddrs(&list) != 0) {
		ditto_err_set(err, "getifaddrs: %s", strerror(errno));
		return DITTO_R_IOERROR;
	}
	for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || (ifa->ifa_flags & IFF_UP) == 0) {
			continue;
		}
		result = add_ifaddr(env, ifa);
		if (result != DITTO_R_SUCCESS) {
			ditto_err_set(err, "too many interface addresses");
			break;
		}
	}
	freeifaddrs(list);
	return result;
}
