/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The ISCCC data model: binary strings, ordered tables and lists. */
#include "control/sexpr.h"

#include <stdio.h>
#include <string.h>

#include "util/assert.h"

/*
 * Values are arena nodes linked as first/last/next. Tables keep insertion
 * order, because the signed region of a message is the encoding of its
 * entries in order. Lookup is linear: control messages have a handful of
 * keys per table.
 */

static ditto_sexpr_t *
node(ditto_arena_t *arena, ditto_sexpr_type_t type)
{
	ditto_sexpr_t *v = ditto_arena_alloc(arena, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->type = type;
	return v;
}

ditto_sexpr_t *
ditto_sexpr_binary(ditto_arena_t *arena, const void *data, size_t len)
{
	ditto_sexpr_t *v = node(arena, DITTO_SEXPR_BINARY);
	v->data = ditto_arena_alloc(arena, len + 1);
	if (len > 0) {
		memcpy(v->data, data, len);
	}
	v->data[len] = 0;
	v->len = len;
	return v;
}

ditto_sexpr_t *
ditto_sexpr_string(ditto_arena_t *arena, const char *s)
{
	return ditto_sexpr_binary(arena, s, strlen(s));
}

ditto_sexpr_t *
ditto_sexpr_table(ditto_arena_t *arena)
{
	return node(arena, DITTO_SEXPR_TABLE);
}

ditto_sexpr_t *
ditto_sexpr_list(ditto_arena_t *arena)
{
	return node(arena, DITTO_SEXPR_LIST);
}

static void
link_child(ditto_sexpr_t *parent, ditto_sexpr_t *v)
{
	v->next = NULL;
	if (parent->last == NULL) {
		parent->first = v;
	} else {
		parent->last->next = v;
	}
	parent->last = v;
	parent->count++;
}

static ditto_sexpr_t **
find_slot(ditto_sexpr_t *table, const char *key, size_t keylen)
{
	ditto_sexpr_t **pp = &table->first;
	for (; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->keylen == keylen &&
		    memcmp((*pp)->key, key, keylen) == 0) {
			return pp;
		}
	}
	return NULL;
}

void
ditto_sexpr_set(ditto_sexpr_t *table, ditto_arena_t *arena, const char *key,
                size_t keylen, ditto_sexpr_t *value)
{
	REQUIRE(table != NULL && table->type == DITTO_SEXPR_TABLE);
	REQUIRE(keylen <= DITTO_SEXPR_MAXKEY && value != NULL);
	value->key = ditto_arena_alloc(arena, keylen + 1);
	memcpy(value->key, key, keylen);
	value->key[keylen] = 0;
	value->keylen = keylen;
	ditto_sexpr_t **pp = find_slot(table, key, keylen);
	if (pp == NULL) {
		link_child(table, value);
		return;
	}
	ditto_sexpr_t *old = *pp;
	value->next = old->next;
	*pp = value;
	if (table->last == old) {
		table->last = value;
	}
}

void
ditto_sexpr_setstr(ditto_sexpr_t *table, ditto_arena_t *arena, const char *key,
                   const char *value)
{
	ditto_sexpr_set(table, arena, key, strlen(key),
	                ditto_sexpr_string(arena, value));
}

void
ditto_sexpr_setu32(ditto_sexpr_t *table, ditto_arena_t *arena, const char *key,
                   uint32_t value)
{
	char text[16];
	snprintf(text, sizeof(text), "%u", (unsigned)value);
	ditto_sexpr_setstr(table, arena, key, text);
}

void
ditto_sexpr_append(ditto_sexpr_t *list, ditto_sexpr_t *value)
{
	REQUIRE(list != NULL && list->type == DITTO_SEXPR_LIST);
	REQUIRE(value != NULL);
	link_child(list, value);
}

ditto_sexpr_t *
ditto_sexpr_lookup(const ditto_sexpr_t *table, const char *key)
{
	if (table == NULL || table->type != DITTO_SEXPR_TABLE) {
		return NULL;
	}
	ditto_sexpr_t **pp =
	        find_slot((ditto_sexpr_t *)table, key, strlen(key));
	return pp == NULL ? NULL : *pp;
}

ditto_result_t
ditto_sexpr_lookupstr(const ditto_sexpr_t *table, const char *key,
                      const char **out)
{
	ditto_sexpr_t *v = ditto_sexpr_lookup(table, key);
	if (v == NULL) {
		return DITTO_R_NOTFOUND;
	}
	if (v->type != DITTO_SEXPR_BINARY) {
		return DITTO_R_FORMERR;
	}
	*out = (const char *)v->data;
	return DITTO_R_SUCCESS;
}

uint32_t
ditto_sexpr_tou32(const uint8_t *data, size_t len)
{
	/* Like strtoul(s, NULL, 10) on a C string, cast to 32 bits: leading
	 * blanks and a sign are allowed, the value saturates on overflow. */
	size_t i = 0;
	while (i < len && (data[i] == ' ' || (data[i] >= 9 && data[i] <= 13))) {
		i++;
	}
	bool neg = false;
	if (i < len && (data[i] == '+' || data[i] == '-')) {
		neg = data[i] == '-';
		i++;
	}
	uint64_t v = 0;
	bool over = false;
	for (; i < len && data[i] >= '0' && data[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10) {
			over = true;
		} else {
			v = v * 10 + (uint64_t)(data[i] - '0');
		}
	}
	if (over) {
		return UINT32_MAX;
	}
	return (uint32_t)(neg ? (uint64_t)0 - v : v);
}

ditto_result_t
ditto_sexpr_lookupu32(const ditto_sexpr_t *table, const char *key,
                      uint32_t *out)
{
	ditto_sexpr_t *v = ditto_sexpr_lookup(table, key);
	if (v == NULL) {
		return DITTO_R_NOTFOUND;
	}
	if (v->type != DITTO_SEXPR_BINARY) {
		return DITTO_R_FORMERR;
	}
	/* The C-string view stops at the first NUL, as in BIND. */
	*out = ditto_sexpr_tou32(v->data, strlen((const char *)v->data));
	return DITTO_R_SUCCESS;
}
