/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* RRsets stored in zone nodes: random access and search of rdatas. */
#include "zone/rrset.h"

#include "dns/rdata.h"

const uint8_t *
ditto_rrset_rdata(const ditto_rrset_t *set, unsigned int index, uint16_t *rdlen)
{
	ditto_rrset_it_t it;
	DITTO_RDATA_FOREACH(set, it) {
		if (it.index == index) {
			*rdlen = it.rdlen;
			return it.rdata;
		}
	}
	return NULL;
}

int
ditto_rrset_find(const ditto_rrset_t *set, const uint8_t *rdata, uint16_t rdlen)
{
	ditto_rrset_it_t it;
	DITTO_RDATA_FOREACH(set, it) {
		int d = ditto_rdata_compare(set->type, it.rdata, it.rdlen,
		                            rdata, rdlen);
		if (d == 0) {
			return it.index;
		}
		if (d > 0) {
			break;
		}
	}
	return -1;
}

size_t
ditto_rrset_size(const ditto_rrset_t *set)
{
	const uint8_t *p = ditto_rrset_records(set);
	size_t n = 0;
	for (unsigned int i = 0; i < set->count; i++) {
		size_t len = (size_t)((p[n] << 8) | p[n + 1]);
		n += 2 + len;
	}
	return n;
}
