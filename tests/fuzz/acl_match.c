/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: build an address-match list from text, then match on it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "dns/name.h"

/*
 * Input: a list in named.conf form up to the first NUL byte ("10/8; !{
 * !10.1/16; any; }; key k1;"), then records of 18 bytes: family (even:
 * IPv4), key selector (0: unsigned, 1: k1, 2: k2), 16 address bytes.
 * Element text goes through ditto_acl_addtext() (hostile input); braces
 * make nested lists. Checks: no crash, no leak, results in range, and the
 * reported element is -1 exactly for NOMATCH.
 */

#define MAXNEST 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ditto_acl_t *
build(const char **pp, const char *end, unsigned int depth)
{
	ditto_acl_t *acl = NULL;
	const char *p = *pp;
	ditto_acl_create(NULL, &acl);
	while (p < end && *p != '}') {
		const char *q = p;
		while (q < end && *q != ';' && *q != '{' && *q != '}') {
			q++;
		}
		bool neg = false;
		for (const char *t = p; t < q; t++) {
			neg |= *t == '!';
		}
		if (q < end && *q == '{' && depth < MAXNEST) {
			p = q + 1;
			ditto_acl_t *inner = build(&p, end, depth + 1);
			/* errors (loop, depth, size) leave the list as
			 * it was: keep going */
			ditto_result_t r = ditto_acl_addnested(acl, inner, neg);
			if (r != DITTO_R_SUCCESS && r != DITTO_R_TOOMANY) {
				abort();
			}
			ditto_acl_detach(&inner);
			if (p < end && *p == '}') {
				p++;
			}
			continue;
		}
		if (q > p) {
			unsigned int before = ditto_acl_count(acl);
			ditto_result_t r = ditto_acl_addtext(
			        acl, p, (size_t)(q - p), NULL);
			if (ditto_acl_count(acl) !=
			    before + (r == DITTO_R_SUCCESS)) {
				abort(); /* a failed add must add nothing */
			}
		}
		p = q < end && *q != '}' ? q + 1 : q;
	}
	*pp = p;
	if (ditto_acl_freeze(acl) != DITTO_R_SUCCESS) {
		abort();
	}
	return acl;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	const char *text = (const char *)data;
	const char *end = nul != NULL ? (const char *)nul : text + size;
	ditto_name_storage_t k1, k2;
	const uint8_t *keys[3] = { NULL, k1, k2 };
	ditto_aclenv_t *env = NULL;
	ditto_acladdr_t lo;

	if (ditto_name_fromtext("k1.", 3, NULL, k1, NULL, NULL) !=
	            DITTO_R_SUCCESS ||
	    ditto_name_fromtext("K2.example.", 11, NULL, k2, NULL, NULL) !=
	            DITTO_R_SUCCESS ||
	    ditto_acladdr_fromtext("127.0.0.1", 9, &lo, NULL) !=
	            DITTO_R_SUCCESS) {
		abort();
	}
	ditto_aclenv_create(&env);
	if (ditto_aclenv_addinterface(env, &lo, 8) != DITTO_R_SUCCESS) {
		abort();
	}
	ditto_aclenv_setmatchmapped(env, size % 2 == 1);

	const char *p = text;
	ditto_acl_t *acl = NULL;
	/* a stray '}' ends a list early; keep building top-level lists */
	acl = build(&p, end, 0);
	size_t off = nul != NULL ? (size_t)(nul - data) + 1 : size;
	for (unsigned int n = 0; off + 18 <= size && n < 4096; n++) {
		const uint8_t *r = data + off;
		ditto_acladdr_t a;
		if (r[0] % 2 == 0) {
			ditto_acladdr_fromv4(&a, r + 2);
		} else {
			ditto_acladdr_fromv6(&a, r + 2);
		}
		int elem = -2;
		ditto_aclresult_t res =
		        ditto_acl_match(acl, env, &a, keys[r[1] % 3], &elem);
		if ((res == DITTO_ACL_NOMATCH) != (elem == -1) || elem < -1 ||
		    elem >= (int)ditto_acl_count(acl) ||
		    ditto_acl_allowed(acl, env, &a, keys[r[1] % 3]) !=
		            (res == DITTO_ACL_ALLOW)) {
			abort();
		}
		off += 18;
	}
	ditto_acl_detach(&acl);
	ditto_aclenv_destroy(&env);
	return 0;
}
