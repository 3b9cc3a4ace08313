/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The host facts an address-match list needs: localhost, localnets. */
#pragma once

#include <stdbool.h>

#include "acl/acladdr.h"
#include "util/err.h"
#include "util/result.h"

/*!
 * What the built-in elements `localhost` and `localnets` mean on this host,
 * and BIND's `match-mapped-addresses`. `localhost` is the set of addresses
 * of the host's interfaces (each as a /32 or /128); `localnets` is the set
 * of networks those addresses are on (address masked by its netmask). The
 * daemon builds one from the interfaces it listens on (or with
 * ditto_aclenv_loadsystem()), and rebuilds and republishes it when the
 * interfaces change; a match never modifies it.
 *
 * Without an environment (NULL), localhost and localnets match nothing,
 * as in BIND.
 */
typedef struct ditto_aclenv ditto_aclenv_t;

/*!
 * \brief Create an empty environment: no interfaces, match-mapped off
 * (BIND's default `match-mapped-addresses no`).
 * Ownership: caller destroys with ditto_aclenv_destroy().
 * Thread safety: safe.
 */
void ditto_aclenv_create(ditto_aclenv_t **envp);

/*!
 * \brief Free an environment and set *envp to NULL; NULL is a no-op.
 * Thread safety: no match may be running on it.
 */
void ditto_aclenv_destroy(ditto_aclenv_t **envp);

/*!
 * \brief Add one interface address: \a addr (its prefix length is ignored;
 * the host address goes to localhost) on a network of \a netlen bits (the
 * masked network goes to localnets).
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_RANGE    netlen over 32 / 128
 * \retval DITTO_R_TOOMANY  over DITTO_ACLENV_MAXIFADDRS addresses
 * Thread safety: only before the environment is shared.
 */
ditto_result_t ditto_aclenv_addinterface(ditto_aclenv_t *env,
                                         const ditto_acladdr_t *addr,
                                         unsigned int netlen) DITTO_MUSTCHECK;

/*! At most this many interface addresses in one environment. */
#define DITTO_ACLENV_MAXIFADDRS 65536

/*!
 * \brief Set `match-mapped-addresses`: when true an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is matched as the IPv4 address a.b.c.d, everywhere in
 * the list and in nested lists; IPv6 elements then never see it.
 * Thread safety: only before the environment is shared.
 */
void ditto_aclenv_setmatchmapped(ditto_aclenv_t *env, bool on);

/*! \brief Current `match-mapped-addresses` setting. */
bool ditto_aclenv_matchmapped(const ditto_aclenv_t *env);

/*!
 * \brief Add every address of every interface that is up, from
 * getifaddrs(3). An address whose netmask is missing or not contiguous adds
 * only itself (as a host) to localnets. Families other than IPv4 and IPv6 are
 * skipped. \retval DITTO_R_SUCCESS \retval DITTO_R_IOERROR  getifaddrs() failed
 * (errno text in \a err) \retval DITTO_R_TOOMANY  too many addresses Thread
 * safety: only before the environment is shared.
 */
ditto_result_t ditto_aclenv_loadsystem(ditto_aclenv_t *env,
                                       ditto_err_t *err) DITTO_MUSTCHECK;
