/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Private state of the zone checker, shared by check.c and checkpost.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"
#include "util/mem.h"
#include "zone/check.h"

/* Which types a node holds (for the checks and the CNAME rule). */
#define CN_A          0x0001
#define CN_AAAA       0x0002
#define CN_NS         0x0004
#define CN_CNAME      0x0008
#define CN_DNAME      0x0010
#define CN_SOA        0x0020
#define CN_TXT        0x0040
#define CN_SPF        0x0080
#define CN_MX         0x0100
#define CN_SRV        0x0200
#define CN_DNSKEY     0x0400
#define CN_NSEC       0x0800
#define CN_NSEC3PARAM 0x1000
#define CN_OTHER      0x2000 /* a type that may not sit beside a CNAME */

/* One owner name (NSEC3 data has its own nodes, dumped after the rest). */
typedef struct cnode {
	struct cnode *next; /* hash chain */
	uint32_t hash;      /* ditto_name_hash() */
	uint32_t first;     /* after finish: start in the order array */
	uint32_t count;     /* records at the node (live ones) */
	uint32_t single;    /* load: 1 + index of the first CNAME or DNAME
	                       record, or 0; finish: records placed */
	uint16_t flags;     /* CN_* */
	uint8_t nsec3;      /* 1: the NSEC3 node of this name */
	uint8_t namelen;    /* wire length of name */
	uint8_t name[];     /* wire name, case as first seen */
} cnode_t;

/* One record as loaded. */
typedef struct crec {
	const uint8_t *rdata; /* in the rdata pool */
	cnode_t *node;        /* its owner node */
	uint32_t ttl;         /* TTL */
	uint16_t type;        /* RR type */
	uint16_t covers;      /* covered type for RRSIG */
	uint16_t rdlen;       /* rdata length */
	uint32_t ocase;       /* 0, or 1 + index in owner_cases */
	uint8_t dead;         /* refused by the loader (singleton error) */
	uint8_t dup;          /* after finish: duplicate of the previous */
} crec_t;

/* A byte pool for rdatas: no alignment, freed as a whole. */
typedef struct cpool {
	struct cpool_chunk *head; /* newest first */
	size_t used, size;        /* in head */
} cpool_t;

struct ditto_check {
	ditto_check_opts_t opts;     /* options */
	ditto_name_storage_t origin; /* zone origin */
	uint16_t rclass;             /* zone class */
	char *zonetext;              /* "example.com/IN" */
	ditto_check_msg_fn msg;      /* message sink */
	void *msgarg;                /* its argument */
	ditto_arena_t arena;         /* nodes */
	cpool_t pool;                /* rdatas */
	cnode_t **buckets;           /* hash table */
	size_t nbuckets, nnodes;     /* its size and fill */
	crec_t *recs;                /* records in arrival order */
	size_t nrecs, caprecs;       /* count and capacity */
	const uint8_t *batch_name;   /* owner of the current group */
	size_t batch_start;          /* its first record */
	char batch_file[256];        /* file of its last record */
	uint32_t batch_line;         /* line of its last record */
	uint32_t soa;                /* 1 + index of the apex SOA, or 0 */
	const uint8_t **owner_cases; /* owner spellings unlike the node's */
	size_t ncases, capcases;     /* count and capacity */
	char loaderr[64];            /* first load error, "" if none */
	bool failed;                 /* a post-load check failed */
	bool sigexpired;             /* "signature has expired" given */
	int64_t now;                 /* load time */
	bool finished;               /* finish ran */
	cnode_t **sorted;            /* after finish: nodes in dump order */
	size_t nsorted;              /* their number */
	uint32_t *order;             /* after finish: record indexes */
	size_t nlive;                /* live records */
	size_t nunique;              /* live records without duplicates */
	uint32_t serial;             /* SOA serial */
	bool secure;                 /* DNSSEC signed */
};

/* Shared helpers. */
void ditto__check_msg(ditto_check_t *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
cnode_t *ditto__check_lookup(const ditto_check_t *c, const uint8_t *name,
                             bool nsec3);
void ditto__check_commit(ditto_check_t *c);
void ditto__check_sort(ditto_check_t *c);
void ditto__check_postload(ditto_check_t *c);
