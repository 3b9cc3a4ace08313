/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The TSIG keys of a configuration, as a shared, reference-counted keyring. */
#include "keys.h"

#include <string.h>

#include "dns/name.h"
#include "util/mem.h"

static ditto_result_t
add_key(keys_t *k, const ditto_config_key_t *ck, ditto_err_t *err)
{
	ditto_tsigkey_t *key = NULL;
	ditto_err_t kerr = { 0 };
	if (ck->name == NULL || ck->algorithm == NULL || ck->secret == NULL) {
		return DITTO_R_SUCCESS; /* named-checkconf refused it */
	}
	ditto_result_t result = ditto_tsigkey_fromtext(ck->name, ck->algorithm,
	                                               ck->secret, &key, &kerr);
	if (result != DITTO_R_SUCCESS) {
		ditto_err_set(err, "key '%s': %s", ck->name,
		              kerr.msg[0] != '\0'
		                      ? kerr.msg
		                      : ditto_result_totext(result));
		return result;
	}
	if (ditto_keyring_add(k->ring, &key) != DITTO_R_SUCCESS) {
		/* a view key named as a global one: the first one stays */
		ditto_tsigkey_destroy(&key);
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
keys_build(const ditto_config_t *cfg, keys_t **out, ditto_err_t *err)
{
	ditto_result_t result = DITTO_R_SUCCESS;
	keys_t *k = ditto_calloc(1, sizeof(*k));
	atomic_init(&k->refs, 1);
	k->ring = ditto_keyring_create();
	for (const ditto_config_key_t *ck = cfg->keys; ck != NULL;
	     ck = ck->next) {
		CHECK(add_key(k, ck, err));
	}
	for (const ditto_config_view_t *v = cfg->views; v != NULL;
	     v = v->next) {
		for (const ditto_config_key_t *ck = v->keys; ck != NULL;
		     ck = ck->next) {
			CHECK(add_key(k, ck, err));
		}
	}
	*out = k;
	return DITTO_R_SUCCESS;
cleanup:
	keys_detach(&k);
	return result;
}

void
keys_attach(keys_t *k, keys_t **target)
{
	atomic_fetch_add_explicit(&k->refs, 1, memory_order_relaxed);
	*target = k;
}

void
keys_detach(keys_t **kp)
{
	if (kp == NULL || *kp == NULL) {
		return;
	}
	keys_t *k = *kp;
	*kp = NULL;
	if (atomic_fetch_sub_explicit(&k->refs, 1, memory_order_acq_rel) != 1) {
		return;
	}
	ditto_keyring_destroy(&k->ring);
	ditto_free(k);
}

const ditto_tsigkey_t *
keys_find(const keys_t *k, const char *name)
{
	ditto_name_storage_t wire;
	if (k == NULL || name == NULL ||
	    ditto_name_fromtext(name, strlen(name), ditto_name_root, wire, NULL,
	                        NULL) != DITTO_R_SUCCESS) {
		return NULL;
	}
	return ditto_keyring_find(k->ring, wire, NULL);
}
