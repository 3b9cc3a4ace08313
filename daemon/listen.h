/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Listen addresses from listen-on / listen-on-v6 and the interfaces. */
#pragma once

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "parser/config.h"
#include "util/err.h"
#include "util/result.h"

/*! One address to listen on. */
typedef struct listen_addr {
	struct sockaddr_storage ss; /*!< address and port */
	socklen_t len;              /*!< its length */
	char ifname[IF_NAMESIZE];   /*!< interface it is on */
	char text[80];              /*!< "127.0.0.1#5300" for logs */
} listen_addr_t;

/*! Which families -4 / -6 allow. */
typedef struct listen_opts {
	bool v4;       /*!< IPv4 allowed */
	bool v6;       /*!< IPv6 allowed */
	uint16_t port; /*!< -p, or 0 */
} listen_opts_t;

/*!
 * \brief The addresses named would listen on: every address of every
 * interface that is up (getifaddrs) that the listen-on (IPv4) or
 * listen-on-v6 (IPv6) list allows, on the statement's port, else -p,
 * else the `port` option. Without a listen-on statement the list is
 * { any; } for both families (named 9.18's defaults). Duplicates go.
 * \param[out] out, n  a new array (ditto_free()) and its length
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR (getifaddrs), ACL errors
 * Thread safety: main thread.
 */
ditto_result_t listen_addrs(const ditto_config_t *cfg, const listen_opts_t *lo,
                            listen_addr_t **out, size_t *n,
                            ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief A socket bound to \a a: UDP (\a tcp false) or a TCP listener,
 * non-blocking, close-on-exec, SO_REUSEADDR and SO_REUSEPORT (one socket
 * per worker on every address), IPV6_V6ONLY for IPv6.
 * \return the descriptor, or -1 with errno set.
 */
int listen_socket(const listen_addr_t *a, bool tcp);
