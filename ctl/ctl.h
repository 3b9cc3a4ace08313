/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* dittoctl internals shared by its main, its shell and its JSON output. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "control/ccauth.h"

/*! Most server addresses tried for one command. */
#define CTL_MAXADDRS 64
/*! rndc's connect and read timeout, in seconds. */
#define CTL_TIMEOUT 60
/*! Longest command sent (named refuses frames above 32 KiB). */
#define CTL_MAXCOMMAND 30000

/*!
 * Everything needed to send commands to one server: built once from the
 * command line and rndc.conf, then used for every command (one connection
 * each, as rndc does).
 * Thread safety: one thread.
 */
typedef struct ctl {
	const char *progname;   /*!< basename of argv[0], message prefix */
	bool verbose;           /*!< -V */
	bool quiet;             /*!< -q */
	bool showresult;        /*!< -r */
	bool json;              /*!< -j */
	const char *server;     /*!< name shown in "using server" */
	ditto_ccauth_key_t key; /*!< the key */
	struct sockaddr_storage addrs[CTL_MAXADDRS]; /*!< in order */
	size_t naddrs;                               /*!< how many */
	struct sockaddr_storage src4, src6;          /*!< -b / source-address */
	bool has_src4, has_src6;                     /*!< set */
	unsigned int timeout;                        /*!< seconds */
	uint32_t ser;                                /*!< last _ser used */
} ctl_t;

/*! The outcome of one command. */
typedef struct ctl_reply {
	bool fatal;           /*!< no reply: msg says why (rndc's fatal()) */
	char msg[1024];       /*!< the fatal message, without the prefix */
	const char *fatal_id; /*!< ISC-style id of the fatal error */
	bool has_result;      /*!< reply carried `result` */
	uint32_t result;      /*!< BIND result code */
	char *err;            /*!< reply `err` (owned), or NULL */
	char *text;           /*!< reply `text` (owned), or NULL */
} ctl_reply_t;

/*! \brief rndc -V's notify(): one line on stderr when verbose. */
void ctl_notify(const ctl_t *ctl, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*! \brief "addr#port" as rndc prints a socket address. */
void ctl_sockaddr_format(const struct sockaddr_storage *ss, char *buf,
                         size_t len);

/*!
 * \brief Send \a command over a new connection to each address in turn
 * until one connects; fill \a reply. Never exits.
 * Ownership: free the reply with ctl_reply_clear().
 */
void ctl_run(ctl_t *ctl, const char *command, ctl_reply_t *reply);

/*! \brief Free what \a reply owns. */
void ctl_reply_clear(ctl_reply_t *reply);

/*!
 * \brief Print a reply the way rndc does (or as JSON with -j); \a cmd is
 * the first word of the command, used in "'cmd' failed".
 * \return true when the command succeeded (rndc exits 0).
 */
bool ctl_output(const ctl_t *ctl, const char *command, const char *cmd,
                const ctl_reply_t *reply);

/*!
 * \brief Write \a reply as one JSON object (status, zonestatus and
 * showzone texts are parsed into keys; see ctljson.c) and a newline.
 */
void ctl_json_reply(FILE *f, const char *command, const ctl_reply_t *reply);

/*! \brief The interactive shell (stdin a tty) or line-by-line commands.
 * \return the exit status: 0 when every command succeeded. */
int ctl_shell(ctl_t *ctl);

/*! \brief The full rndc command list, NULL-terminated (completion). */
extern const char *const ctl_commands[];

/*! \brief Does \a cmd take a zone as its first argument? */
bool ctl_command_takes_zone(const char *cmd);

/*!
 * \brief `sync-check [options] [zone ...]` (synccheck.c): \a argv[0] is
 * "sync-check". Uses \a ctl for the rndc channel (its timeout is lowered).
 * \return the Nagios exit status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
int synccheck_main(ctl_t *ctl, int argc, char **argv);
