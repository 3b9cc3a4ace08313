/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Fuzz target: parse and check a named.conf from memory (no includes). */
#include <stddef.h>
#include <stdint.h>

#include "parser/ast.h"
#include "parser/check.h"
#include "parser/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ditto_cfg_parser_t p;
	ditto_cfg_node_t *root = NULL;
	ditto_cfg_parser_init(&p);
	p.no_includes = true;
	p.follow_directory = false;
	if (ditto_cfg_parse_buffer(&p, "fuzz.conf", (const char *)data, size,
	                           &root) == DITTO_R_SUCCESS &&
	    ditto_cfg_check(&p, root) == DITTO_R_SUCCESS) {
		ditto_cfg_warn_ignored(&p, root);
		ditto_config_t *cfg = NULL;
		if (ditto_config_fromast(root, &cfg) == DITTO_R_SUCCESS) {
			ditto_config_destroy(&cfg);
		}
	}
	ditto_cfg_parser_clear(&p);
	return 0;
}
