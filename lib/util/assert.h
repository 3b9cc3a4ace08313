/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Contracts: REQUIRE / INSIST / ENSURE catch programmer errors only. */
#pragma once

#ifdef UNIT_TESTING
void mock_assert(const int result, const char *const expression,
                 const char *const file, const int line);
#define DITTO__CONTRACT(kind, cond) \
	mock_assert((int)(cond), #cond, __FILE__, __LINE__)
#else
_Noreturn void ditto__assert_fail(const char *kind, const char *cond,
                                  const char *file, int line);
#define DITTO__CONTRACT(kind, cond) \
	((cond) ? (void)0 : ditto__assert_fail(kind, #cond, __FILE__, __LINE__))
#endif

/*! Never use these on wire, file or config input: return an error instead. */
#define REQUIRE(cond) DITTO__CONTRACT("REQUIRE", cond)
#define INSIST(cond)  DITTO__CONTRACT("INSIST", cond)
#define ENSURE(cond)  DITTO__CONTRACT("ENSURE", cond)
#define UNREACHABLE() ditto__assert_fail("UNREACHABLE", "", __FILE__, __LINE__)

#ifdef UNIT_TESTING
_Noreturn void ditto__assert_fail(const char *kind, const char *cond,
                                  const char *file, int line);
#endif
