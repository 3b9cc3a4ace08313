/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: parse an rndc.conf (first byte odd: an rndc.key) and select. */
#include "parser/rndcconf.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	bool key_only = (data[0] & 1) != 0;
	ditto_rndcconf_t c;
	ditto_rndcconf_init(&c);
	c.parser.no_includes = true;
	if (ditto_rndcconf_parse_buffer(&c, "fuzz.conf", (const char *)data + 1,
	                                size - 1,
	                                key_only) == DITTO_R_SUCCESS) {
		static const ditto_rndcconf_args_t args[] = {
			{ 0 },
			{ .server = "s", .keyname = "k", .port = 1 },
			{ .server = "127.0.0.1" },
		};
		for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
			ditto_rndcconf_target_t t;
			ditto_err_t err;
			if (ditto_rndcconf_select(&c, &args[i], &t, &err) ==
			            DITTO_R_SUCCESS &&
			    (t.key == NULL || t.server == NULL)) {
				__builtin_trap();
			}
		}
	}
	ditto_rndcconf_clear(&c);
	return 0;
}
