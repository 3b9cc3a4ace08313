/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Zone commands: the `zone [class [view]]` argument, shared by ctlzone*.c. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "dns/name.h"

#include "ctlcmd.h"
#include "zones.h"

/*! A parsed `zone [class [view]]` argument. */
typedef struct ctlzarg {
	ditto_name_storage_t origin; /*!< the zone name, wire form */
	uint16_t rclass;             /*!< class (default IN) */
	const char *zname;           /*!< the zone word as written */
	const char *view;            /*!< the view word, or NULL */
} ctlzarg_t;

/*!
 * \brief Parse `zone [class [view]]` from args->argv[first..] as named
 * does; on failure write named's reply into \a out (no zone: 24
 * "unexpected end of input"; bad name: its code, e.g. 77 "empty label";
 * bad class: 80 "unknown class/type").
 * \retval true  \a za is set
 */
bool ctlzone_parsearg(const ctlargs_t *args, size_t first, ctlzarg_t *za,
                      ctlout_t *out);

/*!
 * \brief Find the zone of \a za in \a tab as named does: the view named,
 * else the only view of that class holding it. On failure the reply is
 * written (23 "no matching view 'V'" / "no matching zone 'Z' in any
 * view").
 * Requires: inside rcu_read_lock(); the results are borrowed from \a tab.
 */
bool ctlzone_lookup(const srvtab_t *tab, const ctlzarg_t *za, const view_t **vp,
                    const zone_t **zp, ctlout_t *out);

/*! \brief The zone name in named's form ("example.com", "." for root). */
void ctlzone_name(const uint8_t *origin, char *buf, size_t len);

/*! \brief Set the reply's result (a BIND code) and optional text. */
void ctlzone_fail(ctlout_t *out, uint32_t code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*! The new-zone commands (ctlnz.c). */
void ctlnz_showzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out);
void ctlnz_addzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out);
void ctlnz_modzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out);
void ctlnz_delzone(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out);

/*!
 * \brief Whether zone \a key of view \a view was added with addzone (its
 * NZD has it); reads the configuration file again.
 */
bool ctlnz_isnew(const ctlctx_t *ctx, const char *view, const char *key);
