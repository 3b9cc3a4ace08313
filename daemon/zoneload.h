/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Loading one zone from its master file, with named's checks and logs. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "util/result.h"
#include "zone/version.h"

/*!
 * \brief Load \a file as zone \a origin / \a rclass with the checks named
 * makes at load time (check-names fail for a primary, warn for a
 * secondary; SOA and NS at the apex; CNAME and other data, ...). Every
 * message is logged; the outcome is logged as named does: "zone
 * example.com/IN: loaded serial N" or "zone ...: loading from master file
 * F failed: WHY" and "zone ...: not loaded due to errors.".
 * \param zonetext  "example.com/IN"
 * \param primary   the zone is a primary (check-names fail)
 * \param[out] vp   a committed version (one reference) on success
 * \retval DITTO_R_SUCCESS
 * \retval DITTO_R_FILENOTFOUND  no such file (logged only for a primary)
 * \retval DITTO_R_FAILURE       the zone did not load
 * Thread safety: safe on distinct arguments (the main thread uses it).
 * Security: the file is untrusted; the reader bounds all work.
 */
ditto_result_t zoneload_file(const char *file, const uint8_t *origin,
                             uint16_t rclass, const char *zonetext,
                             bool primary,
                             ditto_version_t **vp) DITTO_MUSTCHECK;
