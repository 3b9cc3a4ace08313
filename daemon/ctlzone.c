/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Control-channel commands on zones: zonestatus, refresh, reload, sync, ... */
#include "ctlzone.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <urcu.h>

#include "control/resultmap.h"
#include "dns/rrtype.h"
#include "zone/tree.h"
#include "zone/version.h"

#include "log.h"
#include "notifyout.h"
#include "server.h"

/*
 * Every reply here is the one named 9.18 sends (protocols/rndc.md §7.2,
 * §8; checked by tests/system/ctlzone against a real named): the BIND
 * result code, whose `err` text the control server adds, and the text.
 * The served snapshot is read inside rcu_read_lock(); nothing that waits
 * for the main thread (ctl_reload) runs inside it.
 */

void
ctlzone_fail(ctlout_t *out, uint32_t code, const char *fmt, ...)
{
	out->result = code;
	if (fmt == NULL) {
		return;
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ctlout_printf(out, "%s", buf);
}

void
ctlzone_name(const uint8_t *origin, char *buf, size_t len)
{
	ditto_name_format(origin, buf, len);
}

bool
ctlzone_parsearg(const ctlargs_t *args, size_t first, ctlzarg_t *za,
                 ctlout_t *out)
{
	memset(za, 0, sizeof(*za));
	if (args->argc <= first) {
		ctlzone_fail(out, DITTO_RESULTMAP_UNEXPECTEDEND, NULL);
		return false;
	}
	za->zname = args->argv[first];
	ditto_result_t r =
	        ditto_name_fromtext(za->zname, strlen(za->zname),
	                            ditto_name_root, za->origin, NULL, NULL);
	if (r != DITTO_R_SUCCESS) {
		ctlzone_fail(out, ditto_resultmap_fromresult(r), NULL);
		return false;
	}
	ditto_name_tolower(za->origin);
	za->rclass = DITTO_CLASS_IN;
	if (args->argc > first + 1) {
		const char *c = args->argv[first + 1];
		if (ditto_rrclass_fromtext(c, strlen(c), &za->rclass) !=
		    DITTO_R_SUCCESS) {
			ctlzone_fail(out, DITTO_RESULTMAP_UNKNOWN, NULL);
			return false;
		}
	}
	if (args->argc > first + 2) {
		za->view = args->argv[first + 2];
	}
	return true;
}

bool
ctlzone_lookup(const srvtab_t *tab, const ctlzarg_t *za, const view_t **vp,
               const zone_t **zp, ctlout_t *out)
{
	const view_t *found_v = NULL;
	const zone_t *found_z = NULL;
	bool view_seen = false;
	for (size_t i = 0; i < tab->nviews; i++) {
		const view_t *v = &tab->views[i];
		if (v->rclass != za->rclass) {
			continue;
		}
		if (za->view != NULL && strcmp(v->name, za->view) != 0) {
			continue;
		}
		view_seen = true;
		const zone_t *z = view_exactzone(v, za->origin);
		if (z != NULL && found_z == NULL) {
			found_v = v;
			found_z = z;
		} else if (z != NULL) {
			ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
			             "zone '%s' was found in multiple views",
			             za->zname);
			return false;
		}
	}
	if (za->view != NULL && !view_seen) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTFOUND,
		             "no matching view '%s'", za->view);
		return false;
	}
	if (found_z == NULL) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTFOUND,
		             "no matching zone '%s' in any view", za->zname);
		return false;
	}
	*vp = found_v;
	*zp = found_z;
	return true;
}

/* A zone command's common start: parse, then find under the read lock. */
static bool
begin(const ctlctx_t *ctx, const ctlargs_t *args, size_t first, ctlzarg_t *za,
      const view_t **vp, const zone_t **zp, ctlout_t *out)
{
	if (!ctlzone_parsearg(args, first, za, out)) {
		return false;
	}
	rcu_read_lock();
	const srvtab_t *tab = server_tab(ctx->srv);
	if (tab != NULL && ctlzone_lookup(tab, za, vp, zp, out)) {
		return true; /* the caller ends the read-side section */
	}
	if (tab == NULL) {
		ctlzone_fail(out, DITTO_RESULTMAP_SHUTTINGDOWN, NULL);
	}
	server_read_done(ctx->srv);
	rcu_read_unlock();
	return false;
}

static void
end(const ctlctx_t *ctx)
{
	server_read_done(ctx->srv);
	rcu_read_unlock();
}

static bool
is_secondary(const zone_t *z)
{
	return z->slot != NULL;
}

static bool
is_primary(const zone_t *z)
{
	return strcmp(z->type, "primary") == 0 ||
	       strcmp(z->type, "master") == 0 ||
	       strcmp(z->type, "builtin") == 0;
}

/* ---- zonestatus ---- */

static void
status_lines(const zone_t *z, const ditto_version_t *v, const zmstatus_t *st,
             bool isnew, ctlout_t *out)
{
	char name[DITTO_NAME_MAXTEXT], date[64];
	ctlzone_name(z->origin, name, sizeof(name));
	ctlout_printf(out, "name: %s\n", name);
	ctlout_printf(out, "type: %s\n",
	              strcmp(z->type, "builtin") == 0 ? "primary" : z->type);
	if (z->file != NULL) {
		ctlout_printf(out, "files: %s\n", z->file);
	}
	uint32_t serial = 0;
	(void)ditto_version_serial(v, &serial);
	ctlout_printf(out, "serial: %u\n", serial);
	size_t nodes = ditto_tree_count(ditto_version_tree(v));
	ctlout_printf(out, "nodes: %zu\n", nodes);
	int64_t loaded = st != NULL ? st->loaded_at : z->mtime.tv_sec;
	ctl_httpdate(loaded, date, sizeof(date));
	ctlout_printf(out, "last loaded: %s\n", date);
	if (st != NULL) {
		if (st->next_refresh != 0) {
			ctl_httpdate(st->next_refresh, date, sizeof(date));
			ctlout_printf(out, "next refresh: %s\n", date);
		}
		if (st->expire_at != 0) {
			ctl_httpdate(st->expire_at, date, sizeof(date));
			ctlout_printf(out, "expires: %s\n", date);
		}
	}
	ctlout_printf(out, "secure: no\ndynamic: no\n");
	ctlout_printf(out, "reconfigurable via modzone: %s",
	              isnew ? "yes" : "no");
}

static void
cmd_zonestatus(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, 1, &za, &v, &z, out)) {
		return;
	}
	zmstatus_t st;
	bool sec = is_secondary(z);
	if (sec) {
		zonemgr_status(z->slot, &st);
	}
	const ditto_version_t *ver = sec ? zslot_version(z->slot) : z->version;
	bool ok = ver != NULL && (!sec || (st.loaded && !st.expired));
	ditto_version_t *pin = NULL;
	if (ok) {
		ditto_version_attach((ditto_version_t *)ver, &pin);
	}
	char *vname = ditto_strdup(v->name);
	char key[DITTO_NAME_MAXTEXT];
	ctlzone_name(z->origin, key, sizeof(key));
	zone_t zc = *z; /* borrowed strings stay valid: z->... are copied */
	zc.type = ditto_strdup(z->type);
	zc.file = z->file != NULL ? ditto_strdup(z->file) : NULL;
	end(ctx);
	if (!ok) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTLOADED, NULL);
	} else {
		bool isnew = ctlnz_isnew(ctx, vname, key);
		status_lines(&zc, pin, sec ? &st : NULL, isnew, out);
	}
	ditto_version_detach(&pin);
	ditto_free(vname);
	ditto_free(zc.type);
	ditto_free(zc.file);
}

/* ---- refresh / retransfer / reload / notify ---- */

static void
request(const ctlctx_t *ctx, const ctlargs_t *args, zmreq_kind_t kind,
        ctlout_t *out)
{
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, 1, &za, &v, &z, out)) {
		return;
	}
	zslot_t *slot = NULL;
	bool primary = is_primary(z);
	if (is_secondary(z)) {
		zslot_attach(z->slot, &slot);
	}
	end(ctx);
	if (slot == NULL && kind == ZMREQ_RETRANSFER) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "retransfer: inappropriate zone type: %s",
		             primary ? "primary" : "forward");
		return;
	}
	if (slot == NULL) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE,
		             "not a secondary, mirror, or stub zone");
		return;
	}
	if (ctx->srv->zm == NULL ||
	    zonemgr_request(ctx->srv->zm, slot, kind) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_SHUTTINGDOWN, NULL);
	} else if (kind == ZMREQ_REFRESH) {
		ctlout_printf(out, "zone refresh queued");
	}
	zslot_detach(&slot);
}

static void
cmd_refresh(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	request(ctx, args, ZMREQ_REFRESH, out);
}

static void
cmd_retransfer(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	request(ctx, args, ZMREQ_RETRANSFER, out);
}

/* A primary zone's file changed since it was loaded (or never loaded). */
static bool
file_changed(const zone_t *z)
{
	struct stat st;
	if (z->file == NULL || stat(z->file, &st) != 0) {
		return z->version == NULL;
	}
	return z->version == NULL || st.st_dev != z->dev ||
	       st.st_ino != z->ino || st.st_size != z->size ||
	       st.st_mtim.tv_sec != z->mtime.tv_sec ||
	       st.st_mtim.tv_nsec != z->mtime.tv_nsec;
}

static void
cmd_reload(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	if (args->argc < 2) {
		/* `reload` alone is the server-wide command (ctlcmd.c) */
		ditto_err_t err = { 0 };
		if (ctl_reload(ctx->srv, false, &err) != DITTO_R_SUCCESS) {
			ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s",
			             err.msg);
			return;
		}
		ctlout_printf(out, "server reload successful");
		return;
	}
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, 1, &za, &v, &z, out)) {
		return;
	}
	bool sec = is_secondary(z);
	bool changed = !sec && file_changed(z);
	end(ctx);
	if (sec) {
		request(ctx, args, ZMREQ_REFRESH, out);
		return;
	}
	if (!changed) {
		ctlout_printf(out, "zone reload up-to-date");
		return;
	}
	/* the one reload mechanism: unchanged files keep their versions */
	ditto_err_t err = { 0 };
	if (ctl_reload(ctx->srv, false, &err) != DITTO_R_SUCCESS) {
		ctlzone_fail(out, DITTO_RESULTMAP_FAILURE, "%s", err.msg);
		return;
	}
	ctlout_printf(out, "zone reload queued");
}

static void
cmd_notify(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, 1, &za, &v, &z, out)) {
		return;
	}
	/* as named: queued whatever the zone holds (nothing is sent for a
	 * zone without data, or whose notify is no); the notifier only
	 * queues here, it never blocks */
	ditto_version_t *zv = (ditto_version_t *)zone_version(z);
	notifyout_zone(ctx->srv->notifier, z->origin, z->rclass,
	               is_secondary(z) ? NULL : v->name, zv, z->oc, false,
	               z->zst);
	end(ctx);
	ctlout_printf(out, "zone notify queued");
}

/* ---- sync / freeze / thaw ---- */

/* Fold the journal of a secondary zone (the dumper does the writing). */
static void
sync_zone(const ctlctx_t *ctx, const zone_t *z, bool clean)
{
	if (z->slot != NULL && ctx->srv->zm != NULL) {
		(void)zonemgr_sync(ctx->srv->zm, z->slot, clean);
	}
}

/*
 * rndc sync [-clean] [zone]: a secondary zone's journal is folded into its
 * zone file by the dumper, in the background, as named dumps in the
 * background; primary zones have no journal in dittod.
 */
static void
cmd_sync(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	size_t first = 1;
	bool clean = args->argc > 1 && strcmp(args->argv[1], "-clean") == 0;
	if (clean) {
		first = 2;
	}
	if (args->argc <= first) {
		rcu_read_lock();
		const srvtab_t *tab = server_tab(ctx->srv);
		for (size_t i = 0; tab != NULL && i < tab->nviews; i++) {
			const view_t *v = &tab->views[i];
			for (size_t k = 0; k < v->nzones; k++) {
				sync_zone(ctx, v->zones[k], clean);
			}
		}
		server_read_done(ctx->srv);
		rcu_read_unlock();
		return;
	}
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, first, &za, &v, &z, out)) {
		return;
	}
	sync_zone(ctx, z, clean);
	end(ctx);
}

static void
freeze_thaw(const ctlctx_t *ctx, const ctlargs_t *args, bool freeze,
            ctlout_t *out)
{
	if (args->argc < 2) {
		return; /* all zones: none is dynamic, nothing to do */
	}
	ctlzarg_t za;
	const view_t *v = NULL;
	const zone_t *z = NULL;
	if (!begin(ctx, args, 1, &za, &v, &z, out)) {
		return;
	}
	bool primary = is_primary(z);
	end(ctx);
	if (!primary) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTPRIMARY, NULL);
	} else if (freeze) {
		ctlzone_fail(out, DITTO_RESULTMAP_NOTDYNAMIC, NULL);
	}
}

static void
cmd_freeze(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	freeze_thaw(ctx, args, true, out);
}

static void
cmd_thaw(const ctlctx_t *ctx, const ctlargs_t *args, ctlout_t *out)
{
	freeze_thaw(ctx, args, false, out);
}

const ctlcmd_t ctlzone_cmds[] = {
	{ "zonestatus", true, cmd_zonestatus },
	{ "showzone", true, ctlnz_showzone },
	{ "refresh", false, cmd_refresh },
	{ "retransfer", false, cmd_retransfer },
	{ "reload", false, cmd_reload },
	{ "notify", false, cmd_notify },
	{ "sync", false, cmd_sync },
	{ "freeze", false, cmd_freeze },
	{ "thaw", false, cmd_thaw },
	{ "unfreeze", false, cmd_thaw },
	{ "addzone", false, ctlnz_addzone },
	{ "modzone", false, ctlnz_modzone },
	{ "delzone", false, ctlnz_delzone },
};
const size_t ctlzone_ncmds = sizeof(ctlzone_cmds) / sizeof(ctlzone_cmds[0]);
