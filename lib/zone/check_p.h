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
#include "zone/version.h"

/*
 * The zone itself lives in a ditto_version_t (fed through the version's RR
 * sink). The checker keeps only what BIND's messages need beyond it: the
 * records of the current owner group until the owner changes, and the
 * owner spellings of RRsets that differ from their node's name.
 */

/* One record of the current owner group (its bytes in group_arena). */
typedef struct cgrec {
	const uint8_t *owner; /* as written */
	const uint8_t *rdata; /* rdata */
	uint32_t ttl;         /* TTL (the reader's group TTL applied) */
	uint32_t line;        /* source line */
	uint16_t type;        /* RR type */
	uint16_t covers;      /* covered type for RRSIG, else 0 */
	uint16_t rdlen;       /* rdata length */
} cgrec_t;

/* The owner spelling of one RRset, when it differs from the node's. */
typedef struct ccase {
	struct ccase *next; /* hash chain */
	uint32_t hash;      /* ditto_name_hash() of the owner */
	uint16_t type;      /* RRset type */
	uint16_t covers;    /* and covered type */
	uint8_t name[];     /* the spelling (wire) */
} ccase_t;

struct ditto_check {
	ditto_check_opts_t opts;      /* options */
	ditto_name_storage_t origin;  /* zone origin */
	uint16_t rclass;              /* zone class */
	char *zonetext;               /* "example.com/IN" */
	ditto_check_msg_fn msg;       /* message sink */
	void *msgarg;                 /* its argument */
	ditto_version_t *version;     /* the zone being loaded */
	ditto_version_sink_t vstate;  /* the version's RR sink state */
	ditto_rrsink_t vsink;         /* and the sink */
	ditto_arena_t group_arena;    /* bytes of the current group */
	cgrec_t *group;               /* records of the current group */
	size_t ngroup, capgroup;      /* count and capacity */
	char group_file[256];         /* file of its last record */
	uint32_t group_line;          /* line of its last record */
	ditto_name_storage_t prevown; /* owner of the previous record */
	bool has_prev;                /* prevown is set */
	ditto_arena_t case_arena;     /* ccase_t entries */
	ccase_t **cases;              /* hash table of owner spellings */
	size_t ncasebuckets, ncases;  /* its size and fill */
	ditto_result_t fatal;         /* the version refused a record */
	char loaderr[64];             /* first load error, "" if none */
	bool failed;                  /* a post-load check failed */
	bool sigexpired;              /* "signature has expired" given */
	int64_t now;                  /* load time */
	bool finished;                /* finish ran */
	uint32_t serial;              /* SOA serial */
	bool secure;                  /* DNSSEC signed */
};

/* Shared helpers. */
void ditto__check_msg(ditto_check_t *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
ditto_result_t ditto__check_commit(ditto_check_t *c);
void ditto__check_postload(ditto_check_t *c);
