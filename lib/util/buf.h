/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A bounds-checked wire cursor with a sticky error. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*!
 * A cursor over a byte buffer, for reading or writing. Every access is
 * bounds-checked; the first failure sets `error` and every later access is a
 * no-op returning zeroes, so a parser checks once at the end.
 * Ownership: the buffer is borrowed.
 * Thread safety: one thread at a time.
 */
typedef struct ditto_buf {
	uint8_t *base; /*!< start of the buffer */
	size_t size;   /*!< usable bytes */
	size_t pos;    /*!< current offset */
	bool error;    /*!< sticky: an access went out of bounds */
} ditto_buf_t;

static inline void
ditto_buf_init(ditto_buf_t *b, void *base, size_t size)
{
	b->base = base;
	b->size = size;
	b->pos = 0;
	b->error = false;
}

static inline size_t
ditto_buf_avail(const ditto_buf_t *b)
{
	return b->error ? 0 : b->size - b->pos;
}

static inline bool
ditto_buf_need(ditto_buf_t *b, size_t n)
{
	if (b->error || b->size - b->pos < n) {
		b->error = true;
		return false;
	}
	return true;
}

static inline void
ditto_buf_skip(ditto_buf_t *b, size_t n)
{
	if (ditto_buf_need(b, n)) {
		b->pos += n;
	}
}

static inline uint8_t
ditto_buf_get8(ditto_buf_t *b)
{
	if (!ditto_buf_need(b, 1)) {
		return 0;
	}
	return b->base[b->pos++];
}

static inline uint16_t
ditto_buf_get16(ditto_buf_t *b)
{
	if (!ditto_buf_need(b, 2)) {
		return 0;
	}
	uint16_t v = (uint16_t)((b->base[b->pos] << 8) | b->base[b->pos + 1]);
	b->pos += 2;
	return v;
}

static inline uint32_t
ditto_buf_get32(ditto_buf_t *b)
{
	if (!ditto_buf_need(b, 4)) {
		return 0;
	}
	const uint8_t *p = b->base + b->pos;
	uint32_t v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	             ((uint32_t)p[2] << 8) | p[3];
	b->pos += 4;
	return v;
}

static inline void
ditto_buf_getmem(ditto_buf_t *b, void *dst, size_t n)
{
	if (!ditto_buf_need(b, n)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, b->base + b->pos, n);
	b->pos += n;
}

static inline void
ditto_buf_put8(ditto_buf_t *b, uint8_t v)
{
	if (ditto_buf_need(b, 1)) {
		b->base[b->pos++] = v;
	}
}

static inline void
ditto_buf_put16(ditto_buf_t *b, uint16_t v)
{
	if (ditto_buf_need(b, 2)) {
		b->base[b->pos++] = (uint8_t)(v >> 8);
		b->base[b->pos++] = (uint8_t)v;
	}
}

static inline void
ditto_buf_put32(ditto_buf_t *b, uint32_t v)
{
	if (ditto_buf_need(b, 4)) {
		b->base[b->pos++] = (uint8_t)(v >> 24);
		b->base[b->pos++] = (uint8_t)(v >> 16);
		b->base[b->pos++] = (uint8_t)(v >> 8);
		b->base[b->pos++] = (uint8_t)v;
	}
}

static inline void
ditto_buf_putmem(ditto_buf_t *b, const void *src, size_t n)
{
	if (ditto_buf_need(b, n) && n > 0) {
		memcpy(b->base + b->pos, src, n);
		b->pos += n;
	}
}

/*! Read a 16-bit big-endian value from raw memory. */
static inline uint16_t
ditto_read16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/*! Read a 32-bit big-endian value from raw memory. */
static inline uint32_t
ditto_read32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline void
ditto_write16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
ditto_write32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}
