/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Internal to lib/acl: precomputed prefixes, the match key, the env layout. */
#pragma once

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "acl/acladdr.h"

/*
 * Addresses are compared as integers in host order: IPv4 in one uint32_t,
 * IPv6 in two uint64_t halves. A prefix keeps its masked value and mask, so
 * a test is one AND and one compare per word, with no byte loops.
 */

/*! The address being matched, converted once per match. */
typedef struct ditto__aclkey {
	uint8_t family; /*!< AF_INET or AF_INET6 */
	uint32_t v4;    /*!< IPv4 address, host order */
	uint64_t hi;    /*!< IPv6 bits 0..63, host order */
	uint64_t lo;    /*!< IPv6 bits 64..127, host order */
} ditto__aclkey_t;

/*! A prefix ready to test. */
typedef struct ditto__aclpfx {
	uint8_t family; /*!< AF_INET or AF_INET6 */
	uint8_t len;    /*!< prefix length */
	uint32_t v4;    /*!< masked IPv4 network */
	uint32_t m4;    /*!< IPv4 mask */
	uint64_t hi;    /*!< masked IPv6 network, high half */
	uint64_t lo;    /*!< masked IPv6 network, low half */
	uint64_t mhi;   /*!< IPv6 mask, high half */
	uint64_t mlo;   /*!< IPv6 mask, low half */
} ditto__aclpfx_t;

/*! The environment: what localhost and localnets mean on this host. */
struct ditto_aclenv {
	ditto__aclpfx_t *localhost; /*!< host addresses of the interfaces */
	unsigned int nlocalhost;    /*!< entries in localhost */
	ditto__aclpfx_t *localnets; /*!< networks of the interfaces */
	unsigned int nlocalnets;    /*!< entries in localnets */
	bool match_mapped;          /*!< match ::ffff:a.b.c.d as a.b.c.d */
};

static inline uint32_t
ditto__acl_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t
ditto__acl_get64(const uint8_t *p)
{
	return (uint64_t)ditto__acl_get32(p) << 32 | ditto__acl_get32(p + 4);
}

/*! Mask of the first \a len bits of a 64-bit word (len may exceed 64). */
static inline uint64_t
ditto__acl_mask64(int len)
{
	if (len <= 0) {
		return 0;
	}
	if (len >= 64) {
		return UINT64_MAX;
	}
	return ~(UINT64_MAX >> len);
}

static inline void
ditto__acl_keyinit(ditto__aclkey_t *k, const ditto_acladdr_t *a, bool mapped)
{
	k->family = a->family;
	k->v4 = 0;
	k->hi = 0;
	k->lo = 0;
	if (mapped && ditto_acladdr_isv4mapped(a)) {
		k->family = AF_INET;
		k->v4 = ditto__acl_get32(a->addr + 12);
	} else if (a->family == AF_INET) {
		k->v4 = ditto__acl_get32(a->addr);
	} else {
		k->hi = ditto__acl_get64(a->addr);
		k->lo = ditto__acl_get64(a->addr + 8);
	}
}

static inline void
ditto__acl_pfxinit(ditto__aclpfx_t *p, const ditto_acladdr_t *a)
{
	p->family = a->family;
	p->len = a->prefixlen;
	p->m4 = (uint32_t)(ditto__acl_mask64(a->prefixlen) >> 32);
	p->mhi = ditto__acl_mask64(a->prefixlen);
	p->mlo = ditto__acl_mask64((int)a->prefixlen - 64);
	if (a->family == AF_INET) {
		p->v4 = ditto__acl_get32(a->addr) & p->m4;
		p->hi = 0;
		p->lo = 0;
	} else {
		p->v4 = 0;
		p->hi = ditto__acl_get64(a->addr) & p->mhi;
		p->lo = ditto__acl_get64(a->addr + 8) & p->mlo;
	}
}

static inline bool
ditto__acl_pfxmatch(const ditto__aclpfx_t *p, const ditto__aclkey_t *k)
{
	if (p->family != k->family) {
		return false;
	}
	if (k->family == AF_INET) {
		return (k->v4 & p->m4) == p->v4;
	}
	return (k->hi & p->mhi) == p->hi && (k->lo & p->mlo) == p->lo;
}

/*! True when any prefix in the array contains the key. */
static inline bool
ditto__acl_pfxany(const ditto__aclpfx_t *v, unsigned int n,
                  const ditto__aclkey_t *k)
{
	for (unsigned int i = 0; i < n; i++) {
		if (ditto__acl_pfxmatch(&v[i], k)) {
			return true;
		}
	}
	return false;
}

/*!
 * A compiled run of consecutive prefix elements (and `any`), ranked by
 * position (rank 0 first). A lookup returns the lowest rank whose prefix
 * contains the key, without testing every entry: entries are grouped by
 * prefix length, each group sorted by network, so a lookup costs one
 * binary search per distinct length, and stops at the first group whose
 * lowest rank cannot beat the best found so far.
 */
typedef struct ditto__aclset ditto__aclset_t;

/*! No entry matched. */
#define DITTO__ACLSET_NONE UINT32_MAX

/*!
 * \brief Build a set from \a n prefixes; pfx[i] has rank i. A prefix with
 * family 0 stands for `any` (matches every key).
 * Ownership: caller frees with ditto__aclset_destroy().
 */
ditto__aclset_t *ditto__aclset_create(const ditto__aclpfx_t *pfx, uint32_t n);

/*! \brief Free a set; NULL is a no-op. */
void ditto__aclset_destroy(ditto__aclset_t *set);

/*! \brief Lowest rank matching \a k, or DITTO__ACLSET_NONE. Reentrant. */
uint32_t ditto__aclset_lookup(const ditto__aclset_t *set,
                              const ditto__aclkey_t *k);
