/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Allocation wrappers and the bump arena. */
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/assert.h"

struct ditto_arena_chunk {
	ditto_arena_chunk_t *next; /*!< older chunk */
	size_t size;               /*!< usable bytes in data[] */
	size_t used;               /*!< bytes handed out */
	_Alignas(16) unsigned char data[];
};

_Noreturn static void
oom(size_t size)
{
	fprintf(stderr, "ditto: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
ditto_malloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);
	if (p == NULL) {
		oom(size);
	}
	return p;
}

void *
ditto_calloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
	if (p == NULL) {
		oom(n * size);
	}
	return p;
}

void *
ditto_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size == 0 ? 1 : size);
	if (p == NULL) {
		oom(size);
	}
	return p;
}

char *
ditto_strdup(const char *s)
{
	return ditto_strndup(s, strlen(s));
}

char *
ditto_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = ditto_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
ditto_free(void *ptr)
{
	free(ptr);
}

void
ditto_arena_init(ditto_arena_t *arena, size_t chunk_size)
{
	REQUIRE(arena != NULL);
	arena->head = NULL;
	arena->chunk_size = chunk_size == 0 ? 65536 : chunk_size;
	arena->total = 0;
}

static ditto_arena_chunk_t *
chunk_new(ditto_arena_t *arena, size_t need)
{
	size_t size = arena->chunk_size > need ? arena->chunk_size : need;
	ditto_arena_chunk_t *c = ditto_malloc(sizeof(*c) + size);
	c->size = size;
	c->used = 0;
	c->next = arena->head;
	arena->head = c;
	arena->total += size;
	return c;
}

void *
ditto_arena_alloc(ditto_arena_t *arena, size_t size)
{
	REQUIRE(arena != NULL);
	size_t align = size >= 16 ? 16 : 8;
	ditto_arena_chunk_t *c = arena->head;
	size_t off = 0;
	if (c != NULL) {
		off = (c->used + align - 1) & ~(align - 1);
	}
	if (c == NULL || off > c->size || c->size - off < size) {
		c = chunk_new(arena, size);
		off = 0;
	}
	c->used = off + size;
	return c->data + off;
}

void *
ditto_arena_memdup(ditto_arena_t *arena, const void *src, size_t size)
{
	void *p = ditto_arena_alloc(arena, size);
	if (size > 0) {
		memcpy(p, src, size);
	}
	return p;
}

void
ditto_arena_reset(ditto_arena_t *arena)
{
	REQUIRE(arena != NULL);
	ditto_arena_chunk_t *c = arena->head;
	if (c == NULL) {
		return;
	}
	/* keep the oldest chunk: it has the default size */
	while (c->next != NULL) {
		ditto_arena_chunk_t *next = c->next;
		arena->total -= c->size;
		ditto_free(c);
		c = next;
	}
	c->used = 0;
	arena->head = c;
}

void
ditto_arena_clear(ditto_arena_t *arena)
{
	REQUIRE(arena != NULL);
	ditto_arena_chunk_t *c = arena->head;
	while (c != NULL) {
		ditto_arena_chunk_t *next = c->next;
		ditto_free(c);
		c = next;
	}
	arena->head = NULL;
	arena->total = 0;
}
