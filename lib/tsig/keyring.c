/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A keyring: an open-addressing hash table of TSIG keys by name. */
#include "tsig/keyring.h"

#include "util/assert.h"
#include "util/mem.h"

/*
 * Linear probing over a power-of-two table kept at most half full, keyed
 * by ditto_name_hash() (case-insensitive). Keys are never removed, so no
 * tombstones; a lookup stops at the first empty slot, at most `cap` steps.
 */
struct ditto_keyring {
	ditto_tsigkey_t **slots; /*!< cap entries, NULL when empty */
	size_t cap;              /*!< power of two */
	size_t count;            /*!< keys held */
};

ditto_keyring_t *
ditto_keyring_create(void)
{
	ditto_keyring_t *ring = ditto_calloc(1, sizeof(*ring));
	ring->cap = 8;
	ring->slots = ditto_calloc(ring->cap, sizeof(ring->slots[0]));
	return ring;
}

static size_t
probe(ditto_tsigkey_t *const *slots, size_t cap, const uint8_t *name)
{
	size_t i = ditto_name_hash(name) & (cap - 1);
	for (size_t n = 0; n < cap; n++) {
		if (slots[i] == NULL ||
		    ditto_name_equal(ditto_tsigkey_name(slots[i]), name)) {
			return i;
		}
		i = (i + 1) & (cap - 1);
	}
	return cap; /* full: cannot happen below half load */
}

static void
grow(ditto_keyring_t *ring)
{
	size_t cap = ring->cap * 2;
	ditto_tsigkey_t **slots = ditto_calloc(cap, sizeof(slots[0]));
	for (size_t i = 0; i < ring->cap; i++) {
		if (ring->slots[i] != NULL) {
			size_t j = probe(slots, cap,
			                 ditto_tsigkey_name(ring->slots[i]));
			INSIST(j < cap);
			slots[j] = ring->slots[i];
		}
	}
	ditto_free(ring->slots);
	ring->slots = slots;
	ring->cap = cap;
}

ditto_result_t
ditto_keyring_add(ditto_keyring_t *ring, ditto_tsigkey_t **keyp)
{
	REQUIRE(ring != NULL && keyp != NULL && *keyp != NULL);
	if ((ring->count + 1) * 2 > ring->cap) {
		grow(ring);
	}
	size_t i = probe(ring->slots, ring->cap, ditto_tsigkey_name(*keyp));
	INSIST(i < ring->cap);
	if (ring->slots[i] != NULL) {
		return DITTO_R_EXISTS;
	}
	ring->slots[i] = *keyp;
	ring->count++;
	*keyp = NULL;
	return DITTO_R_SUCCESS;
}

const ditto_tsigkey_t *
ditto_keyring_find(const ditto_keyring_t *ring, const uint8_t *name,
                   const uint8_t *algname)
{
	if (ring == NULL) {
		return NULL;
	}
	size_t i = probe(ring->slots, ring->cap, name);
	if (i >= ring->cap || ring->slots[i] == NULL) {
		return NULL;
	}
	const ditto_tsigkey_t *key = ring->slots[i];
	if (algname != NULL &&
	    !ditto_name_equal(algname, ditto_tsigkey_algname(key))) {
		return NULL;
	}
	return key;
}

size_t
ditto_keyring_count(const ditto_keyring_t *ring)
{
	return ring == NULL ? 0 : ring->count;
}

void
ditto_keyring_destroy(ditto_keyring_t **ringp)
{
	if (ringp == NULL || *ringp == NULL) {
		return;
	}
	ditto_keyring_t *ring = *ringp;
	for (size_t i = 0; i < ring->cap; i++) {
		ditto_tsigkey_destroy(&ring->slots[i]);
	}
	ditto_free(ring->slots);
	ditto_free(ring);
	*ringp = NULL;
}
