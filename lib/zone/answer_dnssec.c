/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Denial of existence in answers: NSEC (RFC 4035) and NSEC3 (RFC 5155). */

/*
 * Which records prove what (the zone is only served: every NSEC, NSEC3 and
 * RRSIG comes from the zone as loaded, nothing is signed here):
 *
 *   proof        NSEC                          NSEC3
 *   NXDOMAIN     covers qname, covers *.ce     matches ce, covers next
 *                                              closer, covers *.ce
 *   NODATA       at the node                   matches qname (else the
 *                                              closest provable encloser)
 *   ENT          covers qname                  matches qname (idem)
 *   WILDANSWER   covers qname                  covers next closer
 *   WILDNODATA   covers qname, at *.ce         matches ce, covers next
 *                                              closer, matches *.ce
 *   NODS         at the cut                    matches the cut (else the
 *                                              closest provable encloser)
 *
 * "ce" is the closest encloser, "next closer" the name one label longer
 * than ce on the way to qname. Each record goes to the authority section
 * with its RRSIGs; a record already there is not repeated.
 *
 * NSEC3 hashing (SHA-1, the only algorithm defined) is done here with a
 * small SHA-1 so the library needs no crypto dependency; its cost is one
 * compression per iteration, bounded by the zone's iteration count.
 */
#include <string.h>

#include "dns/rrtype.h"
#include "zone/answer_p.h"

/* --- SHA-1 (FIPS 180-4) ------------------------------------------------ */

static uint32_t
rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void
sha1_block(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++) {
		w[i] = ((uint32_t)p[4 * i] << 24) |
		       ((uint32_t)p[4 * i + 1] << 16) |
		       ((uint32_t)p[4 * i + 2] << 8) | p[4 * i + 3];
	}
	for (int i = 16; i < 80; i++) {
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	}
	uint32_t a = h[0], b = h[1], cc = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ cc ^ d;
			k = 0xca62c1d6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += cc;
	h[3] += d;
	h[4] += e;
}

void
ditto__answer_sha1(const uint8_t *data, size_t len, uint8_t *digest)
{
	uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
		          0xc3d2e1f0 };
	size_t off = 0;
	for (; len - off >= 64; off += 64) {
		sha1_block(h, data + off);
	}
	uint8_t tail[128] = { 0 };
	size_t rest = len - off;
	memcpy(tail, data + off, rest);
	tail[rest] = 0x80;
	size_t tlen = rest + 9 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++) {
		tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
	}
	sha1_block(h, tail);
	if (tlen == 128) {
		sha1_block(h, tail + 64);
	}
	for (int i = 0; i < 5; i++) {
		digest[4 * i] = (uint8_t)(h[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(h[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(h[i] >> 8);
		digest[4 * i + 3] = (uint8_t)h[i];
	}
}

/* --- NSEC3 hashing ------------------------------------------------------ */

bool
ditto__answer_nsec3_hash(const ans_nsec3param_t *p, const uint8_t *name,
                         const uint8_t *origin, uint8_t *out)
{
	static const char b32[] = "0123456789abcdefghijklmnopqrstuv";
	uint8_t buf[DITTO_NAME_MAXWIRE + 255];
	uint8_t digest[20];
	size_t nlen = ditto_name_length(name);
	size_t olen = ditto_name_length(origin);
	if (p->alg != 1 || 1 + 32 + olen > DITTO_NAME_MAXWIRE) {
		return false;
	}
	memcpy(buf, name, nlen);
	ditto_name_tolower(buf);
	memcpy(buf + nlen, p->salt, p->saltlen);
	ditto__answer_sha1(buf, nlen + p->saltlen, digest);
	for (unsigned int i = 0; i < p->iterations; i++) {
		memcpy(buf, digest, 20);
		memcpy(buf + 20, p->salt, p->saltlen);
		ditto__answer_sha1(buf, 20 + (size_t)p->saltlen, digest);
	}
	out[0] = 32;
	for (int i = 0; i < 32; i++) {
		int bit = i * 5;
		unsigned int v = ((unsigned int)digest[bit / 8] << 8) |
		                 (bit / 8 + 1 < 20 ? digest[bit / 8 + 1] : 0);
		out[1 + i] = (uint8_t)b32[(v >> (11 - bit % 8)) & 0x1f];
	}
	memcpy(out + 33, origin, olen);
	return true;
}

void
ditto__answer_denial_init(ans_ctx_t *c)
{
	c->denial = ANS_DENIAL_NONE;
	if (c->apex == NULL || !c->dnssec) {
		return;
	}
	const ditto_rrset_t *param =
	        ditto_node_find(c->apex, DITTO_TYPE_NSEC3PARAM, 0);
	if (param != NULL &&
	    ditto_tree_count(ditto_version_nsec3tree(c->zone)) > 0) {
		ditto_rrset_it_t it;
		DITTO_RDATA_FOREACH(param, it) {
			if (it.rdlen < 5 || it.rdata[1] != 0 ||
			    it.rdlen < 5u + it.rdata[4]) {
				continue;
			}
			c->n3.alg = it.rdata[0];
			c->n3.iterations =
			        (uint16_t)((it.rdata[2] << 8) | it.rdata[3]);
			c->n3.saltlen = it.rdata[4];
			c->n3.salt = it.rdata + 5;
			c->denial = ANS_DENIAL_NSEC3;
			return;
		}
	}
	if (ditto_node_find(c->apex, DITTO_TYPE_NSEC, 0) != NULL) {
		c->denial = ANS_DENIAL_NSEC;
	}
}

/* --- NSEC --------------------------------------------------------------- */

static void
add_nsec_at(ans_ctx_t *c, const ditto_node_t *node)
{
	const ditto_rrset_t *nsec =
	        node != NULL ? ditto_node_find(node, DITTO_TYPE_NSEC, 0) : NULL;
	if (nsec != NULL) {
		(void)ditto__answer_add(c, DITTO_SECTION_AUTHORITY,
		                        ditto_node_name(node), node, nsec,
		                        UINT32_MAX);
	}
}

/* The NSEC covering \a name (added), or NULL. */
static const ditto_node_t *
add_nsec_covering(ans_ctx_t *c, const uint8_t *name)
{
	const ditto_node_t *node = ditto_lookup_nsec(c->zone, name, NULL);
	add_nsec_at(c, node);
	return node;
}

/* "*." + the last \a labels labels of \a name, into \a out. */
static bool
wildcard_of(const uint8_t *name, unsigned int labels, uint8_t *out)
{
	const uint8_t *ce =
	        ditto_name_skip(name, ditto_name_labels(name) - labels);
	size_t len = ditto_name_length(ce);
	if (len + 2 > DITTO_NAME_MAXWIRE) {
		return false;
	}
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, ce, len);
	return true;
}

/*
 * NXDOMAIN with NSEC: the NSEC covering qname, then the one covering the
 * wildcard that would have matched, found from that NSEC's owner and next
 * names (the longer common suffix with qname), as BIND does.
 */
static void
nxdomain_nsec(ans_ctx_t *c, const uint8_t *qname)
{
	const ditto_node_t *node = add_nsec_covering(c, qname);
	const ditto_rrset_t *nsec =
	        node != NULL ? ditto_node_find(node, DITTO_TYPE_NSEC, 0) : NULL;
	uint16_t rdlen;
	const uint8_t *rd =
	        nsec != NULL ? ditto_rrset_rdata(nsec, 0, &rdlen) : NULL;
	size_t nextlen;
	if (rd == NULL ||
	    ditto_name_check(rd, rdlen, true, &nextlen) != DITTO_R_SUCCESS) {
		return;
	}
	unsigned int ol =
	        ditto_lookup_common_labels(qname, ditto_node_name(node));
	unsigned int nl = ditto_lookup_common_labels(qname, rd);
	uint8_t star[DITTO_NAME_MAXWIRE];
	if (nl == ditto_name_labels(qname) ||
	    !wildcard_of(qname, ol > nl ? ol : nl, star) ||
	    ditto_name_equal(star, qname)) {
		return;
	}
	(void)add_nsec_covering(c, star);
}

/* --- NSEC3 -------------------------------------------------------------- */

/* The NSEC3 node matching (exact) or covering \a name. */
static const ditto_node_t *
nsec3_for(ans_ctx_t *c, const uint8_t *name, bool *exact)
{
	uint8_t hashed[DITTO_NAME_MAXWIRE];
	if (!ditto__answer_nsec3_hash(&c->n3, name, c->origin, hashed)) {
		return NULL;
	}
	return ditto_lookup_nsec3(c->zone, hashed, exact);
}

static void
add_nsec3_node(ans_ctx_t *c, const ditto_node_t *node)
{
	const ditto_rrset_t *set =
	        node != NULL ? ditto_node_find(node, DITTO_TYPE_NSEC3, 0)
	                     : NULL;
	if (set != NULL) {
		(void)ditto__answer_add(c, DITTO_SECTION_AUTHORITY,
		                        ditto_node_name(node), node, set,
		                        UINT32_MAX);
	}
}

/* The NSEC3 matching \a name, or NULL. */
static const ditto_node_t *
nsec3_match(ans_ctx_t *c, const uint8_t *name)
{
	bool exact = false;
	const ditto_node_t *node = nsec3_for(c, name, &exact);
	return exact ? node : NULL;
}

static void
add_nsec3_cover(ans_ctx_t *c, const uint8_t *name)
{
	add_nsec3_node(c, nsec3_for(c, name, NULL));
}

/* The suffix of \a name with \a labels labels. */
static const uint8_t *
suffix(const uint8_t *name, unsigned int labels)
{
	return ditto_name_skip(name, ditto_name_labels(name) - labels);
}

/*
 * Closest provable encloser of \a name (RFC 5155 section 7.2.1): the
 * longest suffix of \a name, from \a start labels up, with a matching
 * NSEC3. \return its labels (0: none) and the node in *node.
 */
static unsigned int
nsec3_cpe(ans_ctx_t *c, const uint8_t *name, unsigned int start,
          const ditto_node_t **node)
{
	unsigned int ol = ditto_name_labels(c->origin);
	for (unsigned int l = start; l >= ol && l > 0; l--) {
		*node = nsec3_match(c, suffix(name, l));
		if (*node != NULL) {
			return l;
		}
	}
	return 0;
}

/*
 * BIND's wildcard proof with NSEC3: the closest provable encloser of the
 * closest encloser (\a ce labels) unless \a positive, the NSEC3 covering
 * the next closer name, then unless \a positive the one for "*.<cpe>"
 * (matching it for a wildcard NODATA, covering it otherwise).
 */
static void
wildproof_nsec3(ans_ctx_t *c, const uint8_t *qname, unsigned int ce,
                bool positive, bool nodata)
{
	const ditto_node_t *node = NULL;
	unsigned int cpe = nsec3_cpe(c, qname, ce, &node);
	if (cpe == 0) {
		return;
	}
	if (!positive) {
		add_nsec3_node(c, node);
	}
	add_nsec3_cover(c, cpe < ditto_name_labels(qname)
	                           ? suffix(qname, cpe + 1)
	                           : qname);
	uint8_t star[DITTO_NAME_MAXWIRE];
	if (positive || !wildcard_of(qname, cpe, star)) {
		return;
	}
	if (nodata) {
		add_nsec3_node(c, nsec3_match(c, star));
	} else {
		add_nsec3_cover(c, star);
	}
}

/* --- the proofs ---------------------------------------------------------- */

/*
 * NODATA without a wildcard, NSEC3: the NSEC3 matching qname after the
 * SOA; when there is none (opt-out), the closest provable encloser's
 * before the SOA and the one covering the next closer name after it.
 */
static void
nodata_nsec3(ans_ctx_t *c, bool before, const uint8_t *qname)
{
	unsigned int nl = ditto_name_labels(qname);
	const ditto_node_t *match = nsec3_match(c, qname);
	if (match != NULL) {
		if (!before) {
			add_nsec3_node(c, match);
		}
		return;
	}
	const ditto_node_t *node = NULL;
	unsigned int cpe = nsec3_cpe(c, qname, nl - 1, &node);
	if (cpe == 0) {
		return;
	}
	if (before) {
		add_nsec3_node(c, node);
	} else {
		add_nsec3_cover(c, suffix(qname, cpe + 1));
	}
}

void
ditto__answer_negative(ans_ctx_t *c, ans_proof_t what, const uint8_t *qname,
                       const ditto_node_t *node, unsigned int ce,
                       const ditto_node_t *wild)
{
	ans_denial_t d = c->dnssec ? c->denial : ANS_DENIAL_NONE;
	if (d == ANS_DENIAL_NSEC3) {
		if (what == ANS_PROOF_WILDNODATA) {
			wildproof_nsec3(c, qname, ce, false, true);
		} else if (what != ANS_PROOF_NXDOMAIN) {
			nodata_nsec3(c, true, qname);
		}
	}
	ditto__answer_soa(c);
	if (d == ANS_DENIAL_NSEC3) {
		if (what == ANS_PROOF_NXDOMAIN) {
			wildproof_nsec3(c, qname, ce, false, false);
		} else if (what != ANS_PROOF_WILDNODATA) {
			nodata_nsec3(c, false, qname);
		}
	} else if (d == ANS_DENIAL_NSEC) {
		switch (what) {
		case ANS_PROOF_NXDOMAIN:
			nxdomain_nsec(c, qname);
			break;
		case ANS_PROOF_WILDNODATA:
			(void)add_nsec_covering(c, qname);
			add_nsec_at(c, wild);
			break;
		case ANS_PROOF_ENT:
			(void)add_nsec_covering(c, qname);
			break;
		default:
			add_nsec_at(c, node);
			break;
		}
	}
}

void
ditto__answer_wildproof(ans_ctx_t *c, const uint8_t *qname, unsigned int ce)
{
	if (!c->dnssec) {
		return;
	}
	if (c->denial == ANS_DENIAL_NSEC) {
		(void)add_nsec_covering(c, qname);
	} else if (c->denial == ANS_DENIAL_NSEC3) {
		wildproof_nsec3(c, qname, ce, true, false);
	}
}

void
ditto__answer_nods(ans_ctx_t *c, const ditto_node_t *cut)
{
	const uint8_t *name = ditto_node_name(cut);
	if (!c->dnssec) {
		return;
	}
	if (c->denial == ANS_DENIAL_NSEC) {
		const ditto_rrset_t *nsec =
		        ditto_node_find(cut, DITTO_TYPE_NSEC, 0);
		if (nsec != NULL &&
		    ditto_node_sigs(cut, DITTO_TYPE_NSEC) != NULL) {
			add_nsec_at(c, cut);
		}
		return;
	}
	if (c->denial != ANS_DENIAL_NSEC3) {
		return;
	}
	const ditto_node_t *node = NULL;
	unsigned int nl = ditto_name_labels(name);
	unsigned int cpe = nsec3_cpe(c, name, nl, &node);
	if (cpe == 0) {
		return;
	}
	add_nsec3_node(c, node);
	if (cpe < nl) {
		add_nsec3_cover(c, suffix(name, cpe + 1));
	}
}
