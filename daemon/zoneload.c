/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Loading one zone from its master file, with named's checks and logs. */
/*
 * The master-file reader feeds the check context of lib/zone/check.h,
 * which applies records to a version the way BIND's loader does and runs
 * named's load-time checks; the committed version is then kept. This is
 * the sequence ditto-checkzone runs, with named's defaults and the daemon
 * log as the message sink.
 */
#include "zoneload.h"

#include <string.h>

#include "zone/check.h"
#include "zone/master.h"

#include "log.h"

typedef struct loadstate {
	ditto_check_t *check; /*!< the checker */
	bool reader_seen;     /*!< the reader reported an error */
	bool reader_first;    /*!< ... before any check error */
} loadstate_t;

static void
on_msg(void *arg, const char *line)
{
	(void)arg;
	log_write(LOG_CAT_ZONE, LOG_LVL_WARNING, "%s", line);
}

static void
on_reader_warn(void *arg, const char *file, uint32_t line, const char *text)
{
	(void)arg;
	(void)file;
	(void)line;
	log_write(LOG_CAT_ZONE, LOG_LVL_WARNING, "%s", text);
}

static void
on_reader_error(void *arg, const char *file, uint32_t line, const char *text)
{
	loadstate_t *st = arg;
	(void)file;
	(void)line;
	if (ditto_check_loaderror(st->check) == NULL && !st->reader_seen) {
		st->reader_first = true;
	}
	st->reader_seen = true;
	log_write(LOG_CAT_ZONE, LOG_LVL_ERROR, "%s", text);
}

static void
check_opts(bool primary, ditto_check_opts_t *o)
{
	ditto_check_opts_default(o);
	/* named: check-names primary fail, secondary warn; check-integrity
	 * yes (local); check-mx / check-wildcard warn. */
	o->names = primary ? DITTO_CHECK_FAIL : DITTO_CHECK_WARN;
	o->integrity = primary ? DITTO_CHECK_WARN : DITTO_CHECK_IGNORE;
	o->sibling = false;
	if (!primary) {
		o->mx = o->ns = o->mxcname = o->srvcname = DITTO_CHECK_IGNORE;
		o->spf = o->wildcard = DITTO_CHECK_IGNORE;
	}
}

ditto_result_t
zoneload_file(const char *file, const uint8_t *origin, uint16_t rclass,
              const char *zonetext, bool primary, ditto_version_t **vp)
{
	loadstate_t st = { 0 };
	ditto_check_opts_t co;
	ditto_master_status_t status;
	ditto_master_opts_t mo = { 0 };
	check_opts(primary, &co);
	ditto_check_create(origin, rclass, zonetext, &co, on_msg, &st,
	                   &st.check);
	mo.origin = origin;
	mo.rclass = rclass;
	mo.warn = on_reader_warn;
	mo.error = on_reader_error;
	mo.error_arg = &st;
	memset(&status, 0, sizeof(status));
	ditto_result_t r = ditto_master_loadfile(
	        file, &mo, ditto_check_sink(st.check), &status);
	if (r == DITTO_R_FILENOTFOUND && !primary) {
		ditto_check_destroy(&st.check);
		return r;
	}
	if (r != DITTO_R_SUCCESS || st.reader_seen) {
		const char *why = status.summary != NULL
		                          ? status.summary
		                          : ditto_result_totext(r);
		if (st.reader_first ||
		    ditto_check_loaderror(st.check) == NULL) {
			ditto_check_setloaderror(st.check, why);
		}
	}
	r = ditto_check_finish(st.check);
	const char *lerr = ditto_check_loaderror(st.check);
	if (lerr != NULL) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: loading from master file %s failed: %s",
		          zonetext, file, lerr);
	}
	if (r != DITTO_R_SUCCESS || lerr != NULL) {
		log_write(LOG_CAT_ZONE, LOG_LVL_ERROR,
		          "zone %s: not loaded due to errors.", zonetext);
		ditto_check_destroy(&st.check);
		return DITTO_R_FAILURE;
	}
	log_write(LOG_CAT_ZONE, LOG_LVL_INFO, "zone %s: loaded serial %u%s",
	          zonetext, ditto_check_serial(st.check),
	          ditto_check_secure(st.check) ? " (DNSSEC signed)" : "");
	ditto_version_attach((ditto_version_t *)ditto_check_version(st.check),
	                     vp);
	ditto_check_destroy(&st.check);
	return DITTO_R_SUCCESS;
}
