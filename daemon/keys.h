/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The TSIG keys of a configuration, as a shared, reference-counted keyring. */
#pragma once

#include <stdatomic.h>

#include "parser/config.h"
#include "tsig/keyring.h"
#include "util/err.h"
#include "util/result.h"

/*!
 * The `key` statements of a configuration (top level and views; a view's
 * key of the same name as a global one is the global one). Immutable once
 * built: any thread may look keys up. A snapshot holds one reference and
 * each zone's transfer settings another, so a transfer under way keeps
 * its key across a reload.
 */
typedef struct keys {
	atomic_uint refs;      /*!< references */
	ditto_keyring_t *ring; /*!< the keys */
} keys_t;

/*!
 * \brief Build the keyring of \a cfg.
 * \retval DITTO_R_SUCCESS  *out holds one reference
 * \retval other            a key could not be used (reason in \a err,
 *                          "key 'k': unknown algorithm 'x'")
 * Thread safety: one thread (the main thread, at load or reload).
 */
ditto_result_t keys_build(const ditto_config_t *cfg, keys_t **out,
                          ditto_err_t *err) DITTO_MUSTCHECK;

/*! \brief Take a reference. Thread safety: safe. */
void keys_attach(keys_t *k, keys_t **target);

/*! \brief Drop a reference (freeing on the last); NULL is a no-op.
 * Thread safety: safe. */
void keys_detach(keys_t **kp);

/*!
 * \brief The key named \a name (presentation form, any case), or NULL.
 * Ownership: borrowed while a reference to \a k is held.
 * Thread safety: safe.
 */
const ditto_tsigkey_t *keys_find(const keys_t *k, const char *name);
