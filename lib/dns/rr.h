/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* One resource record, and the RR sink that zone loading, AXFR and IXFR feed.
 */
#pragma once

#include <stdint.h>

#include "util/result.h"

/*!
 * One resource record as the readers hand it out. Every pointer is borrowed
 * and valid only during the sink call: a sink that keeps the data copies it.
 * `owner` is an absolute, uncompressed wire name; `rdata` is uncompressed
 * wire rdata that ditto_rdata_fromtext() or ditto_rdata_fromwire() produced.
 */
typedef struct ditto_rr {
	const uint8_t *owner; /*!< absolute wire name */
	uint16_t type;        /*!< RR type */
	uint16_t rclass;      /*!< class */
	uint32_t ttl;         /*!< TTL in seconds */
	uint16_t rdlen;       /*!< length of rdata */
	const uint8_t *rdata; /*!< uncompressed wire rdata */
	const char *file;     /*!< source file, or NULL for wire input */
	uint32_t line;        /*!< source line, or 0 */
} ditto_rr_t;

/*! What the sink is asked to do with a record. */
typedef enum ditto_rrsink_op {
	DITTO_RRSINK_ADD = 0, /*!< add the record (zone file, AXFR, IXFR add) */
	DITTO_RRSINK_DEL = 1, /*!< delete the record (IXFR delete section) */
} ditto_rrsink_op_t;

/*!
 * The one callback interface through which records flow into a zone: the
 * master-file reader, AXFR and IXFR all call it. A sink returns
 * DITTO_R_SUCCESS to continue; any other result stops the producer, which
 * returns that result to its caller.
 */
typedef ditto_result_t (*ditto_rrsink_fn)(void *arg, ditto_rrsink_op_t op,
                                          const ditto_rr_t *rr);

typedef struct ditto_rrsink {
	ditto_rrsink_fn fn; /*!< the callback */
	void *arg;          /*!< its context */
} ditto_rrsink_t;
