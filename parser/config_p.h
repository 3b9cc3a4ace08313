/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Shared between config.c and configacl.c: the state of one build. */
#pragma once

#include "parser/config.h"

/*! Where the compilation of a named acl stands. */
typedef enum ditto__cfgstate {
	DITTO__CFG_PENDING,   /*!< not compiled yet */
	DITTO__CFG_COMPILING, /*!< on the stack: a reference is a loop */
	DITTO__CFG_DONE,      /*!< compiled: `acl` */
	DITTO__CFG_FAILED,    /*!< a soft compile failed with `failure` */
} ditto__cfgstate_t;

/*! A top-level `acl` statement and where its compilation stands. */
typedef struct ditto__cfgnamed {
	const ditto_cfg_node_t *stmt; /*!< the acl statement */
	const char *name;             /*!< its name */
	ditto_acl_t *acl;             /*!< compiled (one reference) */
	ditto__cfgstate_t state;      /*!< see above */
	ditto_result_t failure;       /*!< FAILED: why */
} ditto__cfgnamed_t;

/*! One ditto_config_build() run. */
typedef struct ditto__cfgbuild {
	ditto_config_t *c;       /*!< the configuration being built */
	ditto_cfg_parser_t *p;   /*!< where failures are reported, or NULL */
	ditto_result_t result;   /*!< first failure (sticky) */
	ditto__cfgnamed_t *acls; /*!< named acls, in file order */
	size_t nacls;            /*!< their number */
	bool soft;               /*!< a list named does not expand here:
	                              failures leave it NULL, silently */
	ditto_acl_t *any;        /*!< cached default `{ any; }` */
	ditto_acl_t *none;       /*!< cached default `{ none; }` */
	ditto_acl_t *local;      /*!< cached `{ localnets; localhost; }` */
} ditto__cfgbuild_t;

/*! Default list of an option that was written nowhere. */
typedef enum ditto__cfgdefault {
	DITTO__CFG_ANY,
	DITTO__CFG_NONE,
	DITTO__CFG_LOCAL, /*!< localnets; localhost */
} ditto__cfgdefault_t;

/*! Collect the top-level acl statements of \a root. */
void ditto__config_acl_begin(ditto__cfgbuild_t *b,
                             const ditto_cfg_node_t *root);

/*! Compile the named acls no option used; drop the build's references. */
void ditto__config_acl_end(ditto__cfgbuild_t *b);

/*!
 * Fill \a out->acl: the list whose elements start at \a first (a statement
 * list) when \a written, else \a parent's list (attached), else the
 * default \a def. A failure leaves out->acl NULL and, unless b->soft,
 * sets b->result with an error diagnostic.
 */
void ditto__config_acl_set(ditto__cfgbuild_t *b, ditto_config_aml_t *out,
                           bool written, const ditto_cfg_node_t *first,
                           const ditto_config_aml_t *parent,
                           ditto__cfgdefault_t def);

/*! Remember that the configuration holds the reference *ref. */
void ditto__config_aclref(ditto_config_t *c, ditto_acl_t **ref);
