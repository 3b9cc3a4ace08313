/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* Internal state of one answer, shared by the answer_*.c modules. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "dns/name.h"
#include "zone/answer.h"
#include "zone/lookup.h"
#include "zone/node.h"

/*
 * An answer is collected first and rendered last, because BIND renders a
 * section name by name: every RRset added for a name that is already in
 * the section joins that name's group, and groups are written in the order
 * their names first appeared (and the additional section in priority
 * passes: A/AAAA, then RRSIG, then the rest). The collected items point
 * into the version (RRsets, owner names) or into the context (names of a
 * CNAME/DNAME chain, synthesised CNAME rdata); nothing is allocated.
 */

/*! Names a CNAME/DNAME chain may visit (BIND: 11 restarts + the first). */
#define ANS_MAXCHAIN 12
/*! Items per section (an RRset and its RRSIGs are two items). */
#define ANS_MAXANSWER     512
#define ANS_MAXAUTHORITY  32
#define ANS_MAXADDITIONAL 256
/*! Distinct owner names per section. */
#define ANS_MAXGROUPS 64

/*! One RRset placed in a section. */
typedef struct ans_item {
	const uint8_t *owner;     /*!< owner name to write */
	const ditto_rrset_t *set; /*!< the RRset, or NULL: synthesised */
	const uint8_t *rdata;     /*!< synthesised CNAME rdata */
	uint32_t ttl;             /*!< TTL to write */
	uint16_t type;            /*!< type (RRSIG for signatures) */
	uint16_t rdlen;           /*!< synthesised rdata length */
	uint16_t group;           /*!< index of the owner's group */
	bool first;               /*!< additional: rendered before the
	                               passes (glue asked for by the
	                               question itself) */
} ans_item_t;

/*! A section being collected. */
typedef struct ans_section {
	ans_item_t *items;                    /*!< storage */
	unsigned int n;                       /*!< items used */
	unsigned int cap;                     /*!< capacity */
	const uint8_t *groups[ANS_MAXGROUPS]; /*!< owner of each group */
	unsigned int ngroups;                 /*!< groups used */
	bool overflow;                        /*!< an add was refused */
} ans_section_t;

/*! Denial flavour of the zone. */
typedef enum ans_denial {
	ANS_DENIAL_NONE = 0, /*!< unsigned (or no chain at the apex) */
	ANS_DENIAL_NSEC,     /*!< NSEC at the apex */
	ANS_DENIAL_NSEC3,    /*!< NSEC3PARAM at the apex */
} ans_denial_t;

/*! NSEC3 parameters (from the first NSEC3PARAM with flags 0). */
typedef struct ans_nsec3param {
	uint8_t alg;         /*!< hash algorithm (1: SHA-1) */
	uint16_t iterations; /*!< extra iterations */
	uint8_t saltlen;     /*!< salt length */
	const uint8_t *salt; /*!< salt (borrowed from the zone) */
} ans_nsec3param_t;

/*! The state of one answer. Lives on the caller's stack. */
typedef struct ans_ctx {
	const ditto_answer_opts_t *opts; /*!< policy */
	const ditto_version_t *zone;     /*!< the zone */
	const ditto_query_t *q;          /*!< the question */
	ditto_render_t *r;               /*!< the reply */
	const uint8_t *origin;           /*!< zone origin */
	const ditto_node_t *apex;        /*!< apex node (SOA) */
	bool dnssec;                     /*!< DO set */
	bool noauth;                     /*!< no NS in positive answers */
	bool noadditional;               /*!< no additional processing */
	ans_denial_t denial;             /*!< NSEC, NSEC3 or none */
	ans_nsec3param_t n3;             /*!< NSEC3 parameters */
	/*! Rdata of synthesised CNAMEs (one per DNAME step). */
	ditto_name_storage_t synth[ANS_MAXCHAIN];
	ans_section_t sec[DITTO_SECTION_COUNT];   /*!< [0] unused */
	ans_item_t answer[ANS_MAXANSWER];         /*!< answer items */
	ans_item_t authority[ANS_MAXAUTHORITY];   /*!< authority items */
	ans_item_t additional[ANS_MAXADDITIONAL]; /*!< additional items */
} ans_ctx_t;

/* answer_section.c: collecting and rendering. */

/*! \brief Set up the sections of \a c. */
void ditto__answer_sections_init(ans_ctx_t *c);

/*!
 * \brief True when the RRset \a set (or synthesised \a type with NULL set)
 * owned by \a owner is already in any section.
 */
bool ditto__answer_has(const ans_ctx_t *c, const uint8_t *owner,
                       const ditto_rrset_t *set, uint16_t type);

/*!
 * \brief Add \a set of \a node under \a owner to \a section with \a ttl
 * (UINT32_MAX: its own), and its RRSIGs when DO is set; duplicates are
 * skipped. \return true when the RRset itself was added.
 */
bool ditto__answer_add(ans_ctx_t *c, ditto_section_t section,
                       const uint8_t *owner, const ditto_node_t *node,
                       const ditto_rrset_t *set, uint32_t ttl);

/*! \brief Add one item (no signature handling, no duplicate check). */
void ditto__answer_additem(ans_ctx_t *c, ditto_section_t section,
                           const ans_item_t *item);

/*! \brief Render every collected section into c->r. */
ditto_result_t ditto__answer_render(ans_ctx_t *c);

/* answer_additional.c */

/*! \brief Additional-section processing for an RRset just added. */
void ditto__answer_additional(ans_ctx_t *c, const ditto_rrset_t *set);

/*! \brief Glue for the NS RRset at cut node \a cut (referrals). */
void ditto__answer_glue(ans_ctx_t *c, const ditto_node_t *cut,
                        const ditto_rrset_t *ns);

/* answer_dnssec.c: denial of existence. */

/*! What a denial proves. */
typedef enum ans_proof {
	ANS_PROOF_NXDOMAIN = 0, /*!< no name, no wildcard */
	ANS_PROOF_NODATA,       /*!< name exists (node), not the type */
	ANS_PROOF_ENT,          /*!< name is an empty non-terminal */
	ANS_PROOF_WILDANSWER,   /*!< answer synthesised from a wildcard */
	ANS_PROOF_WILDNODATA,   /*!< wildcard matched, type absent */
	ANS_PROOF_NODS,         /*!< insecure referral: no DS at the cut */
} ans_proof_t;

/*!
 * \brief A negative answer's authority section: the SOA and, with DO, the
 * NSEC or NSEC3 records proving \a what about \a qname, in BIND's order
 * (some NSEC3 proofs come before the SOA). \a node is the node at the name
 * (NODATA), \a ce the labels of the closest encloser (NXDOMAIN, wildcard
 * NODATA), \a wild the wildcard node (wildcard NODATA).
 */
void ditto__answer_negative(ans_ctx_t *c, ans_proof_t what,
                            const uint8_t *qname, const ditto_node_t *node,
                            unsigned int ce, const ditto_node_t *wild);

/*! \brief With DO: the proof that \a qname, answered from a wildcard
 * below the closest encloser of \a ce labels, does not exist. */
void ditto__answer_wildproof(ans_ctx_t *c, const uint8_t *qname,
                             unsigned int ce);

/*! \brief With DO, at an insecure delegation: the NSEC or NSEC3 records
 * proving there is no DS at \a cut. */
void ditto__answer_nods(ans_ctx_t *c, const ditto_node_t *cut);

/*! \brief The SOA and its RRSIGs in the authority section (answer.c). */
void ditto__answer_soa(ans_ctx_t *c);

/*! \brief Read the zone's denial flavour and NSEC3 parameters. */
void ditto__answer_denial_init(ans_ctx_t *c);

/*!
 * \brief NSEC3 hash of \a name (RFC 5155 section 5) as the owner name
 * <base32hex>.<origin> into \a out. \return false on an unusable
 * algorithm or a name too long.
 */
bool ditto__answer_nsec3_hash(const ans_nsec3param_t *p, const uint8_t *name,
                              const uint8_t *origin, uint8_t *out);

/*! \brief SHA-1 of \a len bytes (FIPS 180-4); \a digest gets 20 bytes. */
void ditto__answer_sha1(const uint8_t *data, size_t len, uint8_t *digest);
