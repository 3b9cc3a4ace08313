/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Placeholder so that the library is never empty; remove when lib/zone
 * has its first real module. */
typedef int ditto_zone_placeholder_t;
