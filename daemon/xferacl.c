/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Who may transfer a zone out: the checks and log lines UDP and TCP share. */
#include "xferacl.h"

#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rcode.h"
#include "dns/rrtype.h"
#include "xfr/xfr.h"

#include "log.h"
#include "outconf.h"

void
xferacl_prefix(const void *client, const struct sockaddr *peer,
               const ditto_tsigkey_t *key, const uint8_t *qname, char *buf,
               size_t size)
{
	char addr[XFRCONF_ADDRTEXT] = "?";
	char kn[DITTO_NAME_MAXTEXT] = "";
	char zn[DITTO_NAME_MAXTEXT];
	if (peer != NULL) {
		xfrconf_addrtext(peer, addr, sizeof(addr));
	}
	if (key != NULL) {
		xfrconf_keytext(key, kn, sizeof(kn));
	}
	ditto_name_format(qname, zn, sizeof(zn));
	snprintf(buf, size, "client @%p %s%s%s (%s): ", client, addr,
	         key != NULL ? "/key " : "", kn, zn);
}

void
xferacl_logbad(const char *prefix, const char *why, uint16_t rcode)
{
	log_write(LOG_CAT_XFER_OUT, LOG_LVL_INFO,
	          "%sbad zone transfer request: %s (%s)", prefix, why,
	          ditto_rcode_name(rcode));
}

static void
log_denied(const char *prefix, const uint8_t *qname, uint16_t qtype,
           uint16_t qclass)
{
	char zn[DITTO_NAME_MAXTEXT], tn[32], cn[32];
	ditto_name_format(qname, zn, sizeof(zn));
	if (ditto_rrtype_totext(qtype, tn, sizeof(tn)) != DITTO_R_SUCCESS) {
		snprintf(tn, sizeof(tn), "?");
	}
	if (ditto_rrclass_totext(qclass, cn, sizeof(cn)) != DITTO_R_SUCCESS) {
		snprintf(cn, sizeof(cn), "?");
	}
	log_write(LOG_CAT_SECURITY, LOG_LVL_ERROR,
	          "%szone transfer '%s/%s/%s' denied", prefix, zn, tn, cn);
}

xferacl_verdict_t
xferacl_check(const srvtab_t *tab, const struct sockaddr *peer,
              const struct sockaddr *local, const uint8_t *qname,
              uint16_t qtype, uint16_t qclass, const ditto_tsigkey_t *key,
              const char *prefix, const zone_t **zp)
{
	const view_t *v = srvtab_view(tab, peer, local, qclass);
	const zone_t *z = v != NULL ? view_exactzone(v, qname) : NULL;
	if (z == NULL || z->oc == NULL) {
		char zt[DITTO_NAME_MAXTEXT + 32], why[DITTO_NAME_MAXTEXT + 64];
		ditto_xfr_zonetext(qname, qclass, zt, sizeof(zt));
		snprintf(why, sizeof(why), "'%s': non-authoritative zone", zt);
		xferacl_logbad(prefix, why, DITTO_RCODE_NOTAUTH);
		return XFERACL_NOTAUTH;
	}
	const outconf_t *oc = z->oc;
	if (peer == NULL ||
	    ditto_acl_matchsockaddr(oc->allow_transfer, tab->aclenv, peer,
	                            key != NULL ? ditto_tsigkey_name(key)
	                                        : NULL,
	                            NULL) != DITTO_ACL_ALLOW) {
		log_denied(prefix, qname, qtype, qclass);
		*zp = z; /* the refusal is counted against it */
		return XFERACL_REFUSED;
	}
	*zp = z;
	return XFERACL_OK;
}
