/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Error details and the contract failure handler. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/assert.h"

void
ditto_err_set(ditto_err_t *err, const char *fmt, ...)
{
	if (err == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->offset = 0;
	err->summary = NULL;
}

void
ditto_err_summary(ditto_err_t *err, const char *summary)
{
	if (err != NULL) {
		err->summary = summary;
	}
}

void
ditto_err_setat(ditto_err_t *err, size_t offset, const char *fmt, ...)
{
	if (err == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->offset = offset;
	err->summary = NULL;
}

_Noreturn void
ditto__assert_fail(const char *kind, const char *cond, const char *file,
                   int line)
{
	fprintf(stderr, "%s:%d: %s(%s) failed\n", file, line, kind, cond);
	abort();
}
