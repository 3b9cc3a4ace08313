/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* A set of TSIG keys looked up by name and algorithm. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tsig/tsigkey.h"
#include "util/result.h"

/*!
 * A keyring: the `key` statements of a configuration (or of a view).
 * Built by one thread with ditto_keyring_add(), then read-only: once it is
 * published to other threads, nobody adds to it any more, and lookups need
 * no lock. Key names are unique ignoring case, as named-checkconf demands.
 */
typedef struct ditto_keyring ditto_keyring_t;

/*!
 * \brief Create an empty keyring.
 * Ownership: caller destroys it with ditto_keyring_destroy().
 * Thread safety: safe.
 */
ditto_keyring_t *ditto_keyring_create(void);

/*!
 * \brief Add a key.
 * \retval DITTO_R_SUCCESS  the keyring owns the key; *keyp is set to NULL
 * \retval DITTO_R_EXISTS   a key of that name (ignoring case) is already
 *                          there; the caller still owns *keyp
 * Thread safety: only while the keyring is private to one thread.
 */
ditto_result_t ditto_keyring_add(ditto_keyring_t *ring,
                                 ditto_tsigkey_t **keyp) DITTO_MUSTCHECK;

/*!
 * \brief Find the key called \a name (ignoring case). When \a algname is
 * not NULL the key's algorithm must also be \a algname (a wire name, any
 * case), otherwise NULL is returned, as a TSIG naming the right key with
 * the wrong algorithm is BADKEY.
 * \return the key, borrowed from the keyring, or NULL.
 * Thread safety: safe on a keyring no one adds to any more.
 * Security: \a name and \a algname may come from the network (valid wire
 * names); the work is constant on average.
 */
const ditto_tsigkey_t *ditto_keyring_find(const ditto_keyring_t *ring,
                                          const uint8_t *name,
                                          const uint8_t *algname);

/*! \brief Number of keys. */
size_t ditto_keyring_count(const ditto_keyring_t *ring);

/*!
 * \brief Destroy the keyring and its keys; set *ringp to NULL. A NULL
 * *ringp is a no-op.
 * Thread safety: no other thread may use the keyring or its keys any more.
 */
void ditto_keyring_destroy(ditto_keyring_t **ringp);
