/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* ISCCC value codec: table bodies to and from wire bytes. */
#include "control/ccwire.h"

#include <string.h>

#include "util/assert.h"

/*
 * Wire format (protocols/rndc.md §3): a table body is a run of entries
 * [keylen:1][key][type:1][len:4][payload]; a list body is a run of
 * [type:1][len:4][payload]. Type 1 is binary, 2 table, 3 list; type 0
 * ("string") is rejected as BIND rejects it.
 *
 * Invariants of the decoder: every read goes through a ditto_buf_t bounded
 * by the enclosing payload, so a nested length can never reach past its
 * parent; the recursion depth is bounded by DITTO_CCWIRE_MAXDEPTH + 1;
 * every allocation is bounded by bytes actually present in the input.
 */

static ditto_result_t value_fromwire(ditto_buf_t *b, size_t base,
                                     unsigned depth, ditto_arena_t *arena,
                                     ditto_sexpr_t **out, ditto_err_t *err);

static ditto_result_t
table_body(ditto_buf_t *b, size_t base, unsigned depth, ditto_arena_t *arena,
           ditto_sexpr_t *table, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	while (ditto_buf_avail(b) > 0) {
		size_t at = base + b->pos;
		uint8_t klen = ditto_buf_get8(b);
		if (!ditto_buf_need(b, klen)) {
			ditto_err_setat(err, at, "table key runs past the end");
			return DITTO_R_FORMERR;
		}
		const char *key = (const char *)b->base + b->pos;
		ditto_buf_skip(b, klen);
		ditto_sexpr_t *v = NULL;
		CHECK(value_fromwire(b, base, depth, arena, &v, err));
		/* a duplicate key replaces the earlier value */
		ditto_sexpr_set(table, arena, key, klen, v);
	}
cleanup:
	return result;
}

static ditto_result_t
list_body(ditto_buf_t *b, size_t base, unsigned depth, ditto_arena_t *arena,
          ditto_sexpr_t *list, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	while (ditto_buf_avail(b) > 0) {
		ditto_sexpr_t *v = NULL;
		CHECK(value_fromwire(b, base, depth, arena, &v, err));
		ditto_sexpr_append(list, v);
	}
cleanup:
	return result;
}

static ditto_result_t
value_fromwire(ditto_buf_t *b, size_t base, unsigned depth,
               ditto_arena_t *arena, ditto_sexpr_t **out, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	size_t at = base + b->pos;
	uint8_t type = ditto_buf_get8(b);
	uint32_t len = ditto_buf_get32(b);
	if (b->error || ditto_buf_avail(b) < len) {
		ditto_err_setat(err, at, "value runs past the end");
		return DITTO_R_FORMERR;
	}
	const uint8_t *payload = b->base + b->pos;
	size_t pbase = base + b->pos;
	ditto_buf_skip(b, len);
	if (type == DITTO_SEXPR_BINARY) {
		*out = ditto_sexpr_binary(arena, payload, len);
		return DITTO_R_SUCCESS;
	}
	if (type != DITTO_SEXPR_TABLE && type != DITTO_SEXPR_LIST) {
		ditto_err_setat(err, at, "bad value type %u", type);
		return DITTO_R_FORMERR;
	}
	if (len > 0 && depth + 1 > DITTO_CCWIRE_MAXDEPTH) {
		ditto_err_setat(err, at, "values nested too deep");
		return DITTO_R_FORMERR;
	}
	ditto_buf_t sub;
	ditto_buf_init(&sub, (uint8_t *)payload, len);
	ditto_sexpr_t *v = NULL;
	if (type == DITTO_SEXPR_TABLE) {
		v = ditto_sexpr_table(arena);
		CHECK(table_body(&sub, pbase, depth + 1, arena, v, err));
	} else {
		v = ditto_sexpr_list(arena);
		CHECK(list_body(&sub, pbase, depth + 1, arena, v, err));
	}
	*out = v;
cleanup:
	return result;
}

ditto_result_t
ditto_ccwire_fromwire(const uint8_t *wire, size_t len, ditto_arena_t *arena,
                      ditto_sexpr_t **out, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	REQUIRE(wire != NULL || len == 0);
	ditto_buf_t b;
	ditto_buf_init(&b, (uint8_t *)wire, len);
	ditto_sexpr_t *table = ditto_sexpr_table(arena);
	CHECK(table_body(&b, 0, 0, arena, table, err));
	*out = table;
cleanup:
	return result;
}

static size_t
value_size(const ditto_sexpr_t *v)
{
	if (v->type == DITTO_SEXPR_BINARY) {
		return 5 + v->len;
	}
	size_t n = 5;
	for (const ditto_sexpr_t *c = v->first; c != NULL; c = c->next) {
		n += (v->type == DITTO_SEXPR_TABLE ? 1 + c->keylen : 0) +
		     value_size(c);
	}
	return n;
}

size_t
ditto_ccwire_size(const ditto_sexpr_t *table)
{
	REQUIRE(table != NULL && table->type == DITTO_SEXPR_TABLE);
	return value_size(table) - 5;
}

static void
value_towire(const ditto_sexpr_t *v, ditto_buf_t *out)
{
	ditto_buf_put8(out, (uint8_t)v->type);
	ditto_buf_put32(out, (uint32_t)(value_size(v) - 5));
	if (v->type == DITTO_SEXPR_BINARY) {
		ditto_buf_putmem(out, v->data, v->len);
		return;
	}
	for (const ditto_sexpr_t *c = v->first; c != NULL; c = c->next) {
		if (v->type == DITTO_SEXPR_TABLE) {
			ditto_buf_put8(out, (uint8_t)c->keylen);
			ditto_buf_putmem(out, c->key, c->keylen);
		}
		value_towire(c, out);
	}
}

ditto_result_t
ditto_ccwire_towire(const ditto_sexpr_t *table, ditto_buf_t *out)
{
	REQUIRE(table != NULL && table->type == DITTO_SEXPR_TABLE);
	for (const ditto_sexpr_t *c = table->first; c != NULL; c = c->next) {
		ditto_buf_put8(out, (uint8_t)c->keylen);
		ditto_buf_putmem(out, c->key, c->keylen);
		value_towire(c, out);
	}
	return out->error ? DITTO_R_NOSPACE : DITTO_R_SUCCESS;
}
