/* funnel_shard.c: what makes a --partial shard identifiable (its input,
 * its settings, a digest of its users), so that a merge refuses the same
 * shard twice and shards that share users (man cjm-funnel, SHARDS).
 *
 * The users are kept as their 64-bit hashes (funnel_hash), sorted, in
 * base64: two distinct users of two shards with n and m users collide
 * with probability about n*m / 2^64 (1e-7 for 10^6 and 10^6), the one
 * false positive of the overlap check; a hash is exact otherwise. */
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "funnel_impl.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
b64_encode(const unsigned char *p, size_t n)
{
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i + 2 < n; i += 3, o += 4) {
		unsigned long v = (unsigned long)p[i] << 16 | p[i + 1] << 8 |
		    p[i + 2];

		o[0] = b64[v >> 18];
		o[1] = b64[v >> 12 & 63];
		o[2] = b64[v >> 6 & 63];
		o[3] = b64[v & 63];
	}
	if (i < n) {
		unsigned long v = (unsigned long)p[i] << 16 |
		    (i + 1 < n ? p[i + 1] << 8 : 0);

		*o++ = b64[v >> 18];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* Decode into out (room for n / 4 * 3); its length, or -1. */
static long
b64_decode(const char *s, size_t n, unsigned char *out)
{
	size_t i, k = 0;
	int j;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		unsigned long v = 0;
		int pad = 0;

		for (j = 0; j < 4; j++) {
			const char *c = s[i + j] ? strchr(b64, s[i + j]) : NULL;

			if (s[i + j] == '=' && i + 4 == n && j >= 2)
				pad++;
			else if (c == NULL || pad)
				return -1;
			v = v << 6 | (c ? (unsigned long)(c - b64) : 0);
		}
		out[k++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[k++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[k++] = (unsigned char)v;
	}
	return (long)k;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The shard's users' hashes, sorted (malloc()ed; *n of them). */
static uint64_t *
user_hashes(const cjm_funnel *f, size_t *n)
{
	size_t i, t = f->twin ? f->twin->nrec : 0;
	size_t k = f->o.sorted ? f->nshash : f->nrec + t;
	uint64_t *h = malloc((k ? k : 1) * sizeof(*h));

	if (h == NULL)
		return NULL;
	for (i = 0; i < k; i++)
		h[i] = f->o.sorted ? f->shash[i] : i < f->nrec ?
		    funnel_user_hash(f, i) : funnel_user_hash(f->twin,
		    i - f->nrec);
	qsort(h, k, sizeof(*h), u64_cmp);
	*n = k;
	return h;
}

/* A hex digest of text: the shard's id. */
static void
hex_digest(const char *s, uint64_t mix, char out[17])
{
	uint64_t h = funnel_hash(s, strlen(s)) ^ mix;

	snprintf(out, 17, "%016llx", (unsigned long long)funnel_hash(
	    (const char *)&h, sizeof(h)));
}

json_t *
funnel_identity(const cjm_funnel *f)
{
	size_t n = 0, i;
	uint64_t *h = user_hashes(f, &n), sum = 0;
	unsigned char *raw = h ? malloc(n * 8 + 1) : NULL;
	char *enc = NULL, *set = NULL, id[17];
	json_t *st = cjm_funnel_settings(f), *o = NULL;

	if (raw != NULL) {
		for (i = 0; i < n; i++) {
			int b;

			for (b = 0; b < 8; b++)	/* big-endian: portable */
				raw[i * 8 + b] = (unsigned char)(h[i] >>
				    (56 - 8 * b));
			sum = sum * 1099511628211ULL + h[i];
		}
		enc = b64_encode(raw, n * 8);
	}
	set = st ? cjm_dumps(st, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (enc != NULL && set != NULL) {
		char *key = malloc(strlen(set) + strlen(f->logname ?
		    f->logname : "") + 32);

		if (key != NULL) {
			sprintf(key, "%s|%s|%llu", set, f->logname ?
			    f->logname : "", (unsigned long long)f->events);
			hex_digest(key, sum, id);
			o = json_pack("{s:s,s:{s:s?,s:I,s:I},s:{s:I,s:s,s:s}}",
			    "id", id, "input", "name", f->logname,
			    "events", (json_int_t)f->events,
			    "skipped", (json_int_t)f->skipped,
			    "users", "count", (json_int_t)n,
			    "hash", "fnv1a-64+murmur3-fmix, sorted, "
			    "big-endian, base64", "hashes", enc);
			free(key);
		}
	}
	json_decref(st);
	free(set);
	free(enc);
	free(raw);
	free(h);
	return o;
}

/* The shard's hashes from its identity (malloc()ed), strictly rising;
 * NULL when malformed. */
static uint64_t *
decode_hashes(const json_t *users, size_t *n)
{
	const char *s = json_string_value(json_object_get(users, "hashes"));
	json_int_t cnt = json_integer_value(json_object_get(users, "count"));
	size_t len = s ? strlen(s) : 0, i;
	unsigned char *raw;
	uint64_t *h;
	long k;

	if (s == NULL || cnt < 0 || (size_t)cnt > len / 4 * 3 / 8 + 1)
		return NULL;
	raw = malloc(len / 4 * 3 + 1);
	h = malloc(((size_t)cnt ? (size_t)cnt : 1) * sizeof(*h));
	if (raw == NULL || h == NULL ||
	    (k = b64_decode(s, len, raw)) != (long)cnt * 8) {
		free(raw);
		free(h);
		return NULL;
	}
	for (i = 0; i < (size_t)cnt; i++) {
		int b;

		h[i] = 0;
		for (b = 0; b < 8; b++)
			h[i] = h[i] << 8 | raw[i * 8 + b];
		if (i > 0 && h[i] <= h[i - 1]) {
			free(raw);
			free(h);
			return NULL;
		}
	}
	free(raw);
	*n = (size_t)cnt;
	return h;
}

/* Users of h (n, sorted) already merged: the count, and the shard of
 * the first into *shard. */
static size_t
overlap(const cjm_funnel *f, const uint64_t *h, size_t n, uint32_t *shard)
{
	size_t i = 0, j = 0, k = 0;

	while (i < n && j < f->nmerged) {
		if (h[i] < f->merged[j].h)
			i++;
		else if (h[i] > f->merged[j].h)
			j++;
		else {
			if (k++ == 0)
				*shard = f->merged[j].shard;
			i++;
			j++;
		}
	}
	return k;
}

/* Merge h into the sorted table of merged users, as shard s. */
static int
add_users(cjm_funnel *f, const uint64_t *h, size_t n, uint32_t s)
{
	struct merged *m = malloc((f->nmerged + n + 1) * sizeof(*m));
	size_t i = 0, j = 0, k = 0;

	if (m == NULL)
		return -1;
	while (i < n || j < f->nmerged)
		if (j == f->nmerged || (i < n && h[i] < f->merged[j].h))
			m[k++] = (struct merged){ h[i++], s };
		else
			m[k++] = f->merged[j++];
	free(f->merged);
	f->merged = m;
	f->nmerged = k;
	return 0;
}

static int
refuse(cjm_diags *ds, const char *name, const char *code,
    const char *hint, const char *msg)
{
	cjm_diags_add(ds, CJM_ERROR, code, name, 0, NULL, (cjm_pos){ 0, 0, 0 },
	    hint, "cannot merge: %s", msg);
	return CJM_EDATA;
}

int
funnel_identity_merge(cjm_funnel *f, const json_t *p, const char *name,
    cjm_diags *ds)
{
	const json_t *idn = json_object_get(p, "identity"), *v;
	const char *id = json_string_value(json_object_get(idn, "id"));
	size_t i, n = 0, k;
	uint64_t *h;
	uint32_t other = 0;
	char msg[400];

	if (id == NULL)
		return refuse(ds, name, "bad-shard", "make the shards again "
		    "with this cjm-funnel --partial", "the shard has no "
		    "identity (input, settings, users digest)");
	if (f->shards == NULL && (f->shards = json_array()) == NULL)
		return CJM_ESYS;
	json_array_foreach(f->shards, i, v)
		if (strcmp(json_string_value(json_object_get(v, "id")), id) ==
		    0) {
			snprintf(msg, sizeof(msg), "it is the same shard as "
			    "'%.200s' (id %s)", json_string_value(
			    json_object_get(v, "name")), id);
			return refuse(ds, name, "duplicate-shard", "give each "
			    "shard once", msg);
		}
	if ((h = decode_hashes(json_object_get(idn, "users"), &n)) == NULL)
		return refuse(ds, name, "bad-shard", "make the shard again "
		    "with cjm-funnel --partial", "its users digest is "
		    "malformed");
	if ((k = overlap(f, h, n, &other)) > 0) {
		snprintf(msg, sizeof(msg), "it shares %zu user%s with '%.200s'",
		    k, k == 1 ? "" : "s", json_string_value(json_object_get(
		    json_array_get(f->shards, other), "name")));
		free(h);
		return refuse(ds, name, "shard-overlap", "each user's events "
		    "must be in one shard only: split the log by user (a hash "
		    "of the user id modulo the shard count); by chance two "
		    "users match with probability about n*m/2^64", msg);
	}
	if (add_users(f, h, n, (uint32_t)json_array_size(f->shards)) < 0 ||
	    json_array_append_new(f->shards, json_pack("{s:s,s:s}", "name",
	    name ? name : "<stdin>", "id", id)) != 0) {
		free(h);
		return CJM_ESYS;
	}
	free(h);
	return CJM_OK;
}
