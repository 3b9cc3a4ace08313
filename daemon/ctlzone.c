/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Control-channel commands on zones (placeholder table until written). */

#include "ctlcmd.h"

const ctlcmd_t ctlzone_cmds[] = { { NULL, false, NULL } };
const size_t ctlzone_ncmds = 0;
