/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Micro-benchmark: nanoseconds per ditto_acl_match() on 10/1000 elements. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "dns/name.h"

/*
 * Each case builds one list, then matches a pool of 4096 client addresses
 * (about half inside some element, half outside every element) round-robin
 * and reports the mean time per match. The lists:
 *
 *   10 prefixes     10 IPv4/IPv6 prefixes: compiled into one prefix set
 *   10 mixed        key, localnets, a nested list with a negation and
 *                   prefixes: matched element by element
 *   1000 prefixes   /32, /24, /16 IPv4 and /64, /128 IPv6, one in five
 *                   negated: one prefix set
 *   1000 mixed      the same with a `key` element every 7th: runs of 6
 *                   prefixes are too short for a set, so mostly linear
 */

#define POOL  4096
#define ITERS 1000000u
#define REPS  9

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static ditto_acladdr_t pool[POOL];

static void
must(ditto_result_t r)
{
	if (r != DITTO_R_SUCCESS) {
		fprintf(stderr, "%s\n", ditto_result_totext(r));
		exit(1);
	}
}

static void
add(ditto_acl_t *acl, const char *text)
{
	ditto_err_t err;
	if (ditto_acl_addtext(acl, text, strlen(text), &err) !=
	    DITTO_R_SUCCESS) {
		fprintf(stderr, "%s: %s\n", text, err.msg);
		exit(1);
	}
}

/* Prefix number i of a family of lists, as text. */
static void
prefix_text(unsigned int i, char *buf, size_t size)
{
	const char *neg = i % 5 == 4 ? "!" : "";
	switch (i % 5) {
	case 0:
		snprintf(buf, size, "%s10.%u.%u.%u", neg, (i >> 8) & 255,
		         i & 255, i % 251);
		break;
	case 1:
		snprintf(buf, size, "%s172.%u.%u.0/24", neg, 16 + i % 16,
		         i & 255);
		break;
	case 2:
		snprintf(buf, size, "%s2001:db8:%x:%x::/64", neg, i, i * 7);
		break;
	case 3:
		snprintf(buf, size, "%s2001:db8:ffff::%x", neg, i);
		break;
	default:
		snprintf(buf, size, "%s100.%u.0.0/16", neg, i & 255);
		break;
	}
}

static ditto_acl_t *
make_prefixes(unsigned int n, unsigned int key_every)
{
	ditto_acl_t *acl = NULL;
	ditto_acl_create(NULL, &acl);
	for (unsigned int i = 0; i < n; i++) {
		char buf[80];
		if (key_every != 0 && i % key_every == key_every - 1) {
			snprintf(buf, sizeof(buf), "key k%u.example", i);
		} else {
			prefix_text(i, buf, sizeof(buf));
		}
		add(acl, buf);
	}
	must(ditto_acl_freeze(acl));
	return acl;
}

static ditto_acl_t *
make_mixed10(void)
{
	ditto_acl_t *inner = NULL, *acl = NULL;
	ditto_acl_create(NULL, &inner);
	add(inner, "!192.0.2.66");
	add(inner, "192.0.2.0/24");
	must(ditto_acl_freeze(inner));
	ditto_acl_create(NULL, &acl);
	add(acl, "key xfr.example");
	add(acl, "!198.51.100.7");
	add(acl, "localnets");
	must(ditto_acl_addnested(acl, inner, false));
	ditto_acl_detach(&inner);
	add(acl, "2001:db8::/48");
	add(acl, "!2001:db8:1::/48");
	add(acl, "203.0.113.0/25");
	add(acl, "10.1.2.3");
	add(acl, "key other.example");
	add(acl, "!any");
	must(ditto_acl_freeze(acl));
	return acl;
}

/* Addresses: half drawn from the prefixes of the lists, half random. */
static void
fill_pool(void)
{
	for (unsigned int i = 0; i < POOL; i++) {
		char buf[80];
		if (i % 2 == 0) {
			unsigned int j = rnd() % 1000;
			prefix_text(j, buf, sizeof(buf));
			char *s = buf + (buf[0] == '!');
			char *slash = strchr(s, '/');
			if (slash != NULL) {
				*slash = '\0';
			}
			memmove(buf, s, strlen(s) + 1);
		} else if (i % 4 == 1) {
			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", rnd() & 255,
			         rnd() & 255, rnd() & 255, rnd() & 255);
		} else {
			snprintf(buf, sizeof(buf), "2001:db8:%x::%x",
			         rnd() & 0xffff, rnd() & 0xffff);
		}
		if (ditto_acladdr_fromtext(buf, strlen(buf), &pool[i], NULL) !=
		    DITTO_R_SUCCESS) {
			fprintf(stderr, "pool %s\n", buf);
			exit(1);
		}
	}
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One timed pass over ITERS matches; returns ns per match. */
static double
pass(const ditto_acl_t *acl, const ditto_aclenv_t *env, const uint8_t *key,
     unsigned long counts[3])
{
	double t0 = now();
	for (unsigned int i = 0; i < ITERS; i++) {
		const uint8_t *k = (i & 7) == 0 ? key : NULL;
		counts[ditto_acl_match(acl, env, &pool[i % POOL], k, NULL)]++;
	}
	return (now() - t0) / ITERS;
}

/* The machine is shared: report the best and the median of REPS passes. */
static void
run(const char *label, const ditto_acl_t *acl, const ditto_aclenv_t *env)
{
	ditto_name_storage_t key;
	unsigned long counts[3] = { 0, 0, 0 };
	double t[REPS];
	if (ditto_name_fromtext("xfr.example.", 12, NULL, key, NULL, NULL) !=
	    DITTO_R_SUCCESS) {
		exit(1);
	}
	for (unsigned int r = 0; r < REPS; r++) {
		double x = pass(acl, env, key, counts);
		unsigned int j = r;
		for (; j > 0 && t[j - 1] > x; j--) {
			t[j] = t[j - 1];
		}
		t[j] = x;
	}
	printf("%-14s best %7.1f  median %7.1f ns/match  "
	       "(allow %lu deny %lu nomatch %lu per pass)\n",
	       label, t[0], t[REPS / 2], counts[DITTO_ACL_ALLOW] / REPS,
	       counts[DITTO_ACL_DENY] / REPS, counts[DITTO_ACL_NOMATCH] / REPS);
}

int
main(void)
{
	ditto_aclenv_t *env = NULL;
	ditto_aclenv_create(&env);
	must(ditto_aclenv_loadsystem(env, NULL));
	fill_pool();

	ditto_acl_t *acl = make_prefixes(10, 0);
	run("10 prefixes", acl, env);
	ditto_acl_detach(&acl);
	acl = make_mixed10();
	run("10 mixed", acl, env);
	ditto_acl_detach(&acl);
	acl = make_prefixes(1000, 0);
	run("1000 prefixes", acl, env);
	ditto_acl_detach(&acl);
	acl = make_prefixes(1000, 7);
	run("1000 mixed", acl, env);
	ditto_acl_detach(&acl);
	ditto_aclenv_destroy(&env);
	return 0;
}
