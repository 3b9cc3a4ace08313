/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Blocking socket I/O of the transfer-in pool, with timeouts and a stop fd. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/err.h"
#include "util/result.h"

/*
 * Every call waits in poll() on its socket and on \a stopfd (an eventfd
 * that becomes readable when the pool stops), never longer than its
 * deadline. Failures return DITTO_R_IOERROR with the reason in BIND's
 * words in err->msg: "timed out", "connection refused", "connection
 * reset", "end of file", "operation canceled" (stopped), or strerror().
 * Thread safety: safe on distinct sockets.
 */

/*! A peer and the local address to send from. */
typedef struct xfrio_peer {
	const struct sockaddr *addr; /*!< the primary */
	socklen_t addrlen;           /*!< its length */
	const struct sockaddr *src;  /*!< transfer-source, or NULL: any */
	socklen_t srclen;            /*!< its length */
	int stopfd;                  /*!< readable: give up */
} xfrio_peer_t;

/*! \brief Milliseconds on a monotonic clock. */
int64_t xfrio_now_ms(void);

/*!
 * \brief One UDP exchange: send \a q, wait up to \a timeout_ms for a
 * response with \a id and QR set from the peer (others are dropped).
 * \retval DITTO_R_SUCCESS  *alen bytes in \a a
 * \retval DITTO_R_IOERROR  reason in \a err
 * Security: the answer is untrusted; only its id and QR are read here.
 */
ditto_result_t xfrio_udp(const xfrio_peer_t *peer, const uint8_t *q,
                         size_t qlen, uint16_t id, int timeout_ms, uint8_t *a,
                         size_t asize, size_t *alen,
                         ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Open a TCP connection within \a timeout_ms.
 * \param[out] fdp    the connected socket (caller closes)
 * \param local       optional: the local address as "addr#port"
 * \retval DITTO_R_SUCCESS, DITTO_R_IOERROR
 */
ditto_result_t xfrio_connect(const xfrio_peer_t *peer, int timeout_ms, int *fdp,
                             char *local, size_t localsize,
                             ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Send one DNS message with its 2-byte length, by \a deadline_ms
 * (xfrio_now_ms() clock).
 */
ditto_result_t xfrio_send(int fd, int stopfd, const uint8_t *msg, size_t len,
                          int64_t deadline_ms,
                          ditto_err_t *err) DITTO_MUSTCHECK;

/*!
 * \brief Read one length-prefixed DNS message into \a buf (65535 bytes
 * are enough), waiting at most \a idle_ms for each read and never past
 * \a deadline_ms.
 * \retval DITTO_R_SUCCESS  *len bytes
 * \retval DITTO_R_IOERROR  reason in \a err ("end of file" when the peer
 *                          closed between messages)
 */
ditto_result_t xfrio_recv(int fd, int stopfd, uint8_t *buf, size_t size,
                          size_t *len, int idle_ms, int64_t deadline_ms,
                          ditto_err_t *err) DITTO_MUSTCHECK;
