/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Size-class allocator shared by the versions of one zone. */

/*
 * Design: objects up to DITTO_ZPOOL_MAXSMALL octets are rounded up to a
 * multiple of 8 and taken from the free list of that class, or else carved
 * from the current chunk (bump allocation). A freed object goes on the
 * front of its class's list (the first 8 octets hold the link). Chunks are
 * only returned when the pool dies. One mutex guards the lists and chunk.
 */
#include "zone/zpool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "util/assert.h"
#include "util/mem.h"

#if defined(__SANITIZE_ADDRESS__)
#define BYPASS 1 /* let ASan see every object */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BYPASS 1
#endif
#endif
#ifndef BYPASS
#define BYPASS 0
#endif

#define NCLASSES   (DITTO_ZPOOL_MAXSMALL / 8)
#define CHUNK_SIZE (256 * 1024)

typedef struct chunk {
	struct chunk *next; /*!< older chunk */
	size_t used;        /*!< octets carved */
	uint64_t data[];    /*!< CHUNK_SIZE octets */
} chunk_t;

typedef struct freeobj {
	struct freeobj *next; /*!< next free object of the class */
} freeobj_t;

struct ditto_zpool {
	_Atomic uint32_t refs;         /*!< versions using the pool */
	pthread_mutex_t lock;          /*!< guards the fields below */
	chunk_t *chunks;               /*!< newest first */
	size_t bytes;                  /*!< octets in chunks */
	freeobj_t *free[NCLASSES + 1]; /*!< by size / 8 */
};

ditto_zpool_t *
ditto__zpool_create(void)
{
	ditto_zpool_t *pool = ditto_calloc(1, sizeof(*pool));
	atomic_init(&pool->refs, 1);
	pthread_mutex_init(&pool->lock, NULL);
	return pool;
}

void
ditto__zpool_attach(ditto_zpool_t *pool)
{
	atomic_fetch_add_explicit(&pool->refs, 1, memory_order_relaxed);
}

void
ditto__zpool_detach(ditto_zpool_t *pool)
{
	if (pool == NULL) {
		return;
	}
	uint32_t was =
	        atomic_fetch_sub_explicit(&pool->refs, 1, memory_order_acq_rel);
	INSIST(was > 0);
	if (was != 1) {
		return;
	}
	while (pool->chunks != NULL) {
		chunk_t *c = pool->chunks;
		pool->chunks = c->next;
		ditto_free(c);
	}
	pthread_mutex_destroy(&pool->lock);
	ditto_free(pool);
}

static void *
carve(ditto_zpool_t *pool, size_t size)
{
	chunk_t *c = pool->chunks;
	if (c == NULL || CHUNK_SIZE - c->used < size) {
		c = ditto_malloc(sizeof(*c) + CHUNK_SIZE);
		c->next = pool->chunks;
		c->used = 0;
		pool->chunks = c;
		pool->bytes += CHUNK_SIZE;
	}
	void *p = (uint8_t *)c->data + c->used;
	c->used += size;
	return p;
}

void *
ditto__zpool_alloc(ditto_zpool_t *pool, size_t size)
{
	if (BYPASS || pool == NULL || size > DITTO_ZPOOL_MAXSMALL) {
		return ditto_malloc(size);
	}
	size_t cls = (size + 7) / 8;
	cls = cls == 0 ? 1 : cls;
	pthread_mutex_lock(&pool->lock);
	freeobj_t *obj = pool->free[cls];
	void *p;
	if (obj != NULL) {
		pool->free[cls] = obj->next;
		p = obj;
	} else {
		p = carve(pool, cls * 8);
	}
	pthread_mutex_unlock(&pool->lock);
	return p;
}

void
ditto__zpool_free(ditto_zpool_t *pool, void *ptr, size_t size)
{
	if (ptr == NULL) {
		return;
	}
	if (BYPASS || pool == NULL || size > DITTO_ZPOOL_MAXSMALL) {
		ditto_free(ptr);
		return;
	}
	size_t cls = (size + 7) / 8;
	cls = cls == 0 ? 1 : cls;
	freeobj_t *obj = ptr;
	pthread_mutex_lock(&pool->lock);
	obj->next = pool->free[cls];
	pool->free[cls] = obj;
	pthread_mutex_unlock(&pool->lock);
}

size_t
ditto__zpool_bytes(const ditto_zpool_t *pool)
{
	return pool == NULL ? 0 : pool->bytes;
}
