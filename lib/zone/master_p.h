/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Master-file reader internals shared by master.c and mastergen.c. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "dns/name.h"
#include "dns/rdata.h"
#include "zone/lexer.h"
#include "zone/master.h"

#define GROUP_MAXTYPES 64   /* types tracked per owner for the TTL check */
#define GROUP_MAXNS    16   /* NS targets tracked for glue detection */
#define GEN_MAXTEXT    4096 /* $GENERATE substituted text */
#define GEN_MAXTOK     (GEN_MAXTEXT / 2 + 1)
#define TCACHE_SIZE    64 /* type mnemonics remembered */

/* The records of one owner read in a row (BIND's "current" / "glue"). */
typedef struct ditto__mgroup {
	bool set;                        /* name is valid */
	ditto_name_storage_t name;       /* owner, as first written */
	ditto_name_storage_t written;    /* owner, as last written */
	unsigned int ntypes;             /* entries in types/covers/ttls */
	uint16_t types[GROUP_MAXTYPES];  /* RRsets seen: type */
	uint16_t covers[GROUP_MAXTYPES]; /* and covered type (RRSIG) */
	uint32_t ttls[GROUP_MAXTYPES];   /* their first TTL */
} ditto__mgroup_t;

/* Owner state, saved and restored around $INCLUDE. */
typedef struct ditto__mowner {
	ditto__mgroup_t current; /* the last owner that was not glue */
	ditto__mgroup_t glue;    /* an NS target of current, read after it */
	unsigned int nns;        /* NS targets of current */
	ditto_name_storage_t ns[GROUP_MAXNS];
} ditto__mowner_t;

/* TTL and class read in front of the type. */
typedef struct ditto__mrrhead {
	bool has_ttl;   /* an explicit TTL was given */
	uint32_t ttl;   /* its value */
	bool has_class; /* an explicit class was given */
	uint16_t rclass;
	uint16_t type;
} ditto__mrrhead_t;

typedef struct ditto__master {
	const ditto_master_opts_t *opts;
	ditto_rrsink_t sink;
	ditto_master_status_t *status;
	ditto_result_t first;        /* first error, or SUCCESS */
	bool stop;                   /* an unrecoverable error happened */
	uint16_t rclass;             /* zone class */
	const uint8_t *zone;         /* zone origin */
	ditto_name_storage_t origin; /* current $ORIGIN */
	uint32_t origin_gen;         /* bumped when origin changes */
	bool has_ttl;                /* $TTL (or default) is set */
	uint32_t ttl;                /* its value */
	bool has_last_ttl;           /* an explicit TTL has been seen */
	uint32_t last_ttl;           /* the last one */
	bool warned_rfc1035;         /* "using RFC1035 TTL semantics" said */
	bool origin_changed;         /* $ORIGIN just seen */
	ditto__mowner_t own;         /* owner groups */
	const char *file;            /* current file name (messages, rr.file) */
	unsigned int depth;          /* include depth of the current file */
	unsigned int maxdepth;       /* bound on depth */
	dev_t devs[DITTO_MASTER_MAX_DEPTH + 2]; /* open files, loop check */
	ino_t inos[DITTO_MASTER_MAX_DEPTH + 2];
	unsigned int nfiles;
	/* owner parse cache */
	uint32_t cache_gen;
	uint32_t cache_len;
	char cache_text[DITTO_NAME_MAXTEXT];
	ditto_name_storage_t cache_name;
	/* type parse cache, direct-mapped on the token text */
	struct {
		uint8_t len;   /* 0: empty slot */
		char text[23]; /* the token as written */
		uint16_t type; /* its value */
	} tcache[TCACHE_SIZE];
	uint8_t rdata[DITTO_RDATA_MAX];
	char gentext[GEN_MAXTEXT];
	ditto_token_t gentok[GEN_MAXTOK];
} ditto__master_t;

/* Report an error: "[prefix: ]file:line: text". Returns r. */
ditto_result_t ditto__master_error(ditto__master_t *ctx, ditto_result_t r,
                                   const char *summary, const char *prefix,
                                   uint32_t line, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

/* Issue a warning: "[prefix: ]file:line: text". */
void ditto__master_warn(ditto__master_t *ctx, const char *prefix, uint32_t line,
                        const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Read [ttl] [class] type starting at tok[*i]; advances *i. */
ditto_result_t ditto__master_rrhead(ditto__master_t *ctx,
                                    const ditto_token_t *tok, size_t ntok,
                                    size_t *i, const char *prefix,
                                    uint32_t line, ditto__mrrhead_t *h);

/* The TTL of a record whose head is h (explicit, $TTL, RFC 1035, SOA). */
ditto_result_t ditto__master_ttl(ditto__master_t *ctx,
                                 const ditto__mrrhead_t *h,
                                 const uint8_t *rdata, size_t rdlen,
                                 uint32_t line, uint32_t *ttl);

/* Hand one record to the sink, after the zone checks. */
ditto_result_t ditto__master_emit(ditto__master_t *ctx, const uint8_t *owner,
                                  uint16_t type, uint32_t ttl,
                                  const uint8_t *rdata, size_t rdlen,
                                  uint32_t line);

/* The name as text without the final dot, for messages. */
void ditto__master_nametext(const uint8_t *name, char *buf, size_t size);

/* $GENERATE (mastergen.c). */
ditto_result_t ditto__master_generate(ditto__master_t *ctx,
                                      const ditto_lexrec_t *rec);

/* Substitute one $GENERATE template for value it (mastergen.c). */
ditto_result_t ditto__master_gensubst(const char *tmpl, size_t len, int64_t it,
                                      char *out, size_t outsize, size_t *outlen,
                                      ditto_err_t *err);
