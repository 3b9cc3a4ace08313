/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Domain names: wire and presentation forms, comparison, canonical order.
 *
 * Names are uncompressed wire bytes (label length, label, ..., 0). Every
 * function that reads untrusted input (fromwire, check, fromtext) bounds
 * each access and enforces the RFC 1035 limits: 63 octets per label, 255
 * per name. Compression pointers must go strictly backwards, each one
 * before the previous jump target, so a decode always ends.
 */
#include "dns/name.h"

#include <stdio.h>
#include <string.h>

#include "util/assert.h"

const uint8_t ditto_name_root[1] = { 0 };

static const uint8_t lower_table[256] = {
#define L(c)   [c] = (uint8_t)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define L4(c)  L(c), L(c + 1), L(c + 2), L(c + 3)
#define L16(c) L4(c), L4(c + 4), L4(c + 8), L4(c + 12)
#define L64(c) L16(c), L16(c + 16), L16(c + 32), L16(c + 48)
	L64(0), L64(64), L64(128), L64(192)
#undef L64
#undef L16
#undef L4
#undef L
};

static inline uint8_t
lower(uint8_t c)
{
	return lower_table[c];
}

ditto_result_t
ditto_name_fromwire(const uint8_t *msg, size_t msglen, size_t *pos,
                    uint8_t *out, size_t *outlen)
{
	REQUIRE(msg != NULL || msglen == 0);
	REQUIRE(pos != NULL && out != NULL);

	size_t cur = *pos;
	size_t limit = cur; /* a pointer must point strictly below this */
	size_t after = 0;   /* offset past the name at its first place */
	size_t n = 0;
	bool jumped = false;

	for (;;) {
		if (cur >= msglen) {
			return DITTO_R_UNEXPECTEDEND;
		}
		uint8_t c = msg[cur];
		if (c == 0) {
			if (n + 1 > DITTO_NAME_MAXWIRE) {
				return DITTO_R_NAMETOOLONG;
			}
			out[n++] = 0;
			if (!jumped) {
				after = cur + 1;
			}
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			if (cur + 1 >= msglen) {
				return DITTO_R_UNEXPECTEDEND;
			}
			size_t target =
			        ((size_t)(c & 0x3f) << 8) | msg[cur + 1];
			if (target >= limit || target >= cur) {
				return DITTO_R_BADPOINTER;
			}
			if (!jumped) {
				after = cur + 2;
				jumped = true;
			}
			limit = target;
			cur = target;
			continue;
		}
		if ((c & 0xc0) != 0) {
			return DITTO_R_BADLABELTYPE;
		}
		if (msglen - cur - 1 < c) {
			return DITTO_R_UNEXPECTEDEND;
		}
		/* room for this label and at least the root label */
		if (n + 1 + c + 1 > DITTO_NAME_MAXWIRE) {
			return DITTO_R_NAMETOOLONG;
		}
		memcpy(out + n, msg + cur, (size_t)c + 1);
		n += (size_t)c + 1;
		cur += (size_t)c + 1;
	}
	*pos = after;
	if (outlen != NULL) {
		*outlen = n;
	}
	return DITTO_R_SUCCESS;
}

ditto_result_t
ditto_name_check(const uint8_t *wire, size_t len, bool allow_trailing,
                 size_t *namelen)
{
	size_t cur = 0;
	for (;;) {
		if (cur >= len) {
			return DITTO_R_UNEXPECTEDEND;
		}
		uint8_t c = wire[cur];
		if (c == 0) {
			cur++;
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			return DITTO_R_BADPOINTER;
		}
		if ((c & 0xc0) != 0) {
			return DITTO_R_BADLABELTYPE;
		}
		if (len - cur - 1 < c) {
			return DITTO_R_UNEXPECTEDEND;
		}
		if (cur + 1 + c + 1 > DITTO_NAME_MAXWIRE) {
			return DITTO_R_NAMETOOLONG;
		}
		cur += (size_t)c + 1;
	}
	if (!allow_trailing && cur != len) {
		return DITTO_R_EXTRADATA;
	}
	if (namelen != NULL) {
		*namelen = cur;
	}
	return DITTO_R_SUCCESS;
}

static int
digitval(char c)
{
	return (c >= '0' && c <= '9') ? c - '0' : -1;
}

ditto_result_t
ditto_name_fromtext(const char *text, size_t len, const uint8_t *origin,
                    uint8_t *out, size_t *outlen, ditto_err_t *err)
{
	REQUIRE(text != NULL || len == 0);
	REQUIRE(out != NULL);

	if (len == 0) {
		ditto_err_set(err, "empty name");
		return DITTO_R_SYNTAX;
	}
	if (len == 1 && text[0] == '@') {
		if (origin == NULL) {
			ditto_err_set(err, "'@' used without an origin");
			return DITTO_R_NOTFQDN;
		}
		size_t n = ditto_name_copy(out, origin);
		if (outlen != NULL) {
			*outlen = n;
		}
		return DITTO_R_SUCCESS;
	}
	if (len == 1 && text[0] == '.') {
		out[0] = 0;
		if (outlen != NULL) {
			*outlen = 1;
		}
		return DITTO_R_SUCCESS;
	}

	uint8_t buf[DITTO_NAME_MAXWIRE];
	size_t n = 0;      /* bytes in buf */
	size_t lstart = 0; /* offset of the current label's length byte */
	size_t llen = 0;   /* bytes in the current label */
	bool absolute = false;
	buf[0] = 0;
	n = 1;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)text[i];
		if (c == '.') {
			if (llen == 0) {
				ditto_err_set(err, "empty label in '%.*s'",
				              (int)(len > 255 ? 255 : len),
				              text);
				return DITTO_R_EMPTYLABEL;
			}
			buf[lstart] = (uint8_t)llen;
			if (i == len - 1) {
				absolute = true;
			}
			lstart = n;
			llen = 0;
			if (n >= DITTO_NAME_MAXWIRE) {
				ditto_err_set(err, "name too long");
				return DITTO_R_NAMETOOLONG;
			}
			buf[n++] = 0;
			continue;
		}
		if (c == '\\') {
			if (i + 1 >= len) {
				ditto_err_set(err,
				              "name ends with a backslash");
				return DITTO_R_BADESCAPE;
			}
			if (digitval(text[i + 1]) >= 0) {
				if (len - i < 4 || digitval(text[i + 2]) < 0 ||
				    digitval(text[i + 3]) < 0) {
					ditto_err_set(err, "bad \\DDD escape");
					return DITTO_R_BADESCAPE;
				}
				int v = digitval(text[i + 1]) * 100 +
				        digitval(text[i + 2]) * 10 +
				        digitval(text[i + 3]);
				if (v > 255) {
					ditto_err_set(err,
					              "\\DDD escape over 255");
					return DITTO_R_BADESCAPE;
				}
				c = (uint8_t)v;
				i += 3;
			} else {
				c = (uint8_t)text[++i];
			}
		}
		if (llen == DITTO_NAME_MAXLABEL) {
			ditto_err_set(err, "label longer than 63 octets");
			return DITTO_R_LABELTOOLONG;
		}
		if (n >= DITTO_NAME_MAXWIRE) {
			ditto_err_set(err, "name longer than 255 octets");
			return DITTO_R_NAMETOOLONG;
		}
		buf[n++] = c;
		llen++;
	}

	if (absolute) {
		/* buf ends with the zero placeholder just appended */
		buf[lstart] = 0;
	} else {
		if (llen == 0) {
			/* cannot happen: a final '.' sets absolute */
			ditto_err_set(err, "empty label");
			return DITTO_R_EMPTYLABEL;
		}
		buf[lstart] = (uint8_t)llen;
		if (origin == NULL) {
			ditto_err_set(err,
			              "relative name '%.*s' without origin",
			              (int)(len > 255 ? 255 : len), text);
			return DITTO_R_NOTFQDN;
		}
		size_t olen = ditto_name_length(origin);
		if (n + olen > DITTO_NAME_MAXWIRE) {
			ditto_err_set(err, "name longer than 255 octets once "
			                   "the origin is appended");
			return DITTO_R_NAMETOOLONG;
		}
		memcpy(buf + n, origin, olen);
		n += olen;
	}
	memcpy(out, buf, n);
	if (outlen != NULL) {
		*outlen = n;
	}
	return DITTO_R_SUCCESS;
}

static bool
needs_backslash(uint8_t c)
{
	switch (c) {
	case '"':
	case '(':
	case ')':
	case '.':
	case ';':
	case '\\':
	case '@':
	case '$':
		return true;
	default:
		return false;
	}
}

ditto_result_t
ditto_name_totext(const uint8_t *name, const uint8_t *origin, char *buf,
                  size_t bufsize, size_t *outlen)
{
	REQUIRE(name != NULL && buf != NULL);

	unsigned int nlabels = ditto_name_labels(name);
	unsigned int print = nlabels; /* labels to print, root included */
	bool relative = false;
	if (origin != NULL && ditto_name_issubdomain(name, origin)) {
		print = nlabels - ditto_name_labels(origin);
		relative = true;
		if (print == 0) {
			if (bufsize < 2) {
				return DITTO_R_NOSPACE;
			}
			buf[0] = '@';
			buf[1] = '\0';
			if (outlen != NULL) {
				*outlen = 1;
			}
			return DITTO_R_SUCCESS;
		}
	}

	size_t o = 0;
	const uint8_t *p = name;
	if (*p == 0 && !relative) {
		if (bufsize < 2) {
			return DITTO_R_NOSPACE;
		}
		buf[0] = '.';
		buf[1] = '\0';
		if (outlen != NULL) {
			*outlen = 1;
		}
		return DITTO_R_SUCCESS;
	}
	for (unsigned int l = 0; l < print && *p != 0; l++) {
		uint8_t len = *p++;
		for (uint8_t i = 0; i < len; i++) {
			uint8_t c = p[i];
			if (c <= 0x20 || c >= 0x7f) {
				if (bufsize - o < 5) {
					return DITTO_R_NOSPACE;
				}
				buf[o++] = '\\';
				buf[o++] = (char)('0' + c / 100);
				buf[o++] = (char)('0' + (c / 10) % 10);
				buf[o++] = (char)('0' + c % 10);
			} else if (needs_backslash(c)) {
				if (bufsize - o < 3) {
					return DITTO_R_NOSPACE;
				}
				buf[o++] = '\\';
				buf[o++] = (char)c;
			} else {
				if (bufsize - o < 2) {
					return DITTO_R_NOSPACE;
				}
				buf[o++] = (char)c;
			}
		}
		p += len;
		bool last = relative ? (l + 1 == print) : false;
		if (!last) {
			if (bufsize - o < 2) {
				return DITTO_R_NOSPACE;
			}
			buf[o++] = '.';
		}
	}
	if (bufsize - o < 1) {
		return DITTO_R_NOSPACE;
	}
	buf[o] = '\0';
	if (outlen != NULL) {
		*outlen = o;
	}
	return DITTO_R_SUCCESS;
}

size_t
ditto_name_length(const uint8_t *name)
{
	REQUIRE(name != NULL);
	const uint8_t *p = name;
	while (*p != 0) {
		p += *p + 1;
	}
	return (size_t)(p - name) + 1;
}

unsigned int
ditto_name_labels(const uint8_t *name)
{
	REQUIRE(name != NULL);
	unsigned int n = 1;
	while (*name != 0) {
		name += *name + 1;
		n++;
	}
	return n;
}

size_t
ditto_name_copy(uint8_t *out, const uint8_t *name)
{
	size_t len = ditto_name_length(name);
	memmove(out, name, len);
	return len;
}

void
ditto_name_tolower(uint8_t *name)
{
	while (*name != 0) {
		uint8_t len = *name++;
		for (uint8_t i = 0; i < len; i++) {
			name[i] = lower(name[i]);
		}
		name += len;
	}
}

bool
ditto_name_equal(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b) {
			return false;
		}
		uint8_t len = *a;
		if (len == 0) {
			return true;
		}
		a++;
		b++;
		for (uint8_t i = 0; i < len; i++) {
			if (lower(a[i]) != lower(b[i])) {
				return false;
			}
		}
		a += len;
		b += len;
	}
}

/* Offsets of each label's length byte, left to right; returns the count of
 * non-root labels. */
static unsigned int
label_offsets(const uint8_t *name, uint8_t offs[DITTO_NAME_MAXLABELS])
{
	unsigned int n = 0;
	const uint8_t *p = name;
	while (*p != 0 && n < DITTO_NAME_MAXLABELS) {
		offs[n++] = (uint8_t)(p - name);
		p += *p + 1;
	}
	return n;
}

static int
label_compare(const uint8_t *a, const uint8_t *b)
{
	uint8_t alen = *a++, blen = *b++;
	uint8_t min = alen < blen ? alen : blen;
	for (uint8_t i = 0; i < min; i++) {
		int d = (int)lower(a[i]) - (int)lower(b[i]);
		if (d != 0) {
			return d;
		}
	}
	return (int)alen - (int)blen;
}

int
ditto_name_compare(const uint8_t *a, const uint8_t *b)
{
	uint8_t aoff[DITTO_NAME_MAXLABELS], boff[DITTO_NAME_MAXLABELS];
	unsigned int an = label_offsets(a, aoff);
	unsigned int bn = label_offsets(b, boff);
	while (an > 0 && bn > 0) {
		an--;
		bn--;
		int d = label_compare(a + aoff[an], b + boff[bn]);
		if (d != 0) {
			return d;
		}
	}
	return (int)an - (int)bn;
}

bool
ditto_name_issubdomain(const uint8_t *name, const uint8_t *parent)
{
	unsigned int nl = ditto_name_labels(name);
	unsigned int pl = ditto_name_labels(parent);
	if (nl < pl) {
		return false;
	}
	return ditto_name_equal(ditto_name_skip(name, nl - pl), parent);
}

const uint8_t *
ditto_name_skip(const uint8_t *name, unsigned int n)
{
	while (n-- > 0 && *name != 0) {
		name += *name + 1;
	}
	return name;
}

bool
ditto_name_iswildcard(const uint8_t *name)
{
	return name[0] == 1 && name[1] == '*';
}

ditto_result_t
ditto_name_concat(const uint8_t *prefix, unsigned int prefix_labels,
                  const uint8_t *suffix, uint8_t *out, size_t *outlen)
{
	uint8_t buf[DITTO_NAME_MAXWIRE];
	size_t n = 0;
	const uint8_t *p = prefix;
	for (unsigned int l = 0; l < prefix_labels && *p != 0; l++) {
		size_t ll = (size_t)*p + 1;
		if (n + ll >= DITTO_NAME_MAXWIRE) {
			return DITTO_R_NAMETOOLONG;
		}
		memcpy(buf + n, p, ll);
		n += ll;
		p += ll;
	}
	size_t slen = ditto_name_length(suffix);
	if (n + slen > DITTO_NAME_MAXWIRE) {
		return DITTO_R_NAMETOOLONG;
	}
	memcpy(buf + n, suffix, slen);
	n += slen;
	memcpy(out, buf, n);
	if (outlen != NULL) {
		*outlen = n;
	}
	return DITTO_R_SUCCESS;
}

uint32_t
ditto_name_hash(const uint8_t *name)
{
	uint32_t h = 2166136261u;
	const uint8_t *p = name;
	for (;;) {
		uint8_t len = *p;
		h = (h ^ len) * 16777619u;
		if (len == 0) {
			break;
		}
		p++;
		for (uint8_t i = 0; i < len; i++) {
			h = (h ^ lower(p[i])) * 16777619u;
		}
		p += len;
	}
	return h;
}

void
ditto_name_format(const uint8_t *name, char *buf, size_t size)
{
	size_t len = 0;
	if (size == 0) {
		return;
	}
	if (ditto_name_totext(name, NULL, buf, size, &len) != DITTO_R_SUCCESS) {
		snprintf(buf, size, "?");
	} else if (len > 1 && buf[len - 1] == '.') {
		buf[len - 1] = '\0';
	}
}
