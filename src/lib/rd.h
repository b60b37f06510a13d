/*
 * rd.h: bounded reader and writer over byte spans. The only way any code
 * touches wire bytes: every read checks the remaining length and fails
 * (returns false) instead of reading past the end; nothing here allocates.
 */
#ifndef ICMPTOOLS_RD_H
#define ICMPTOOLS_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t	*p;	/* next unread byte */
	size_t		 len;	/* bytes left */
};

struct wr {
	uint8_t		*p;	/* next byte to write */
	size_t		 len;	/* room left */
};

static inline struct rd
rd_make(const void *buf, size_t len)
{
	struct rd r = { (const uint8_t *)buf, buf == NULL ? 0 : len };

	return r;
}

static inline bool
rd_u8(struct rd *r, uint8_t *v)
{
	if (r->len < 1)
		return false;
	*v = r->p[0];
	r->p++;
	r->len--;
	return true;
}

static inline bool
rd_be16(struct rd *r, uint16_t *v)
{
	if (r->len < 2)
		return false;
	*v = (uint16_t)(r->p[0] << 8 | r->p[1]);
	r->p += 2;
	r->len -= 2;
	return true;
}

static inline bool
rd_be32(struct rd *r, uint32_t *v)
{
	if (r->len < 4)
		return false;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | (uint32_t)r->p[3];
	r->p += 4;
	r->len -= 4;
	return true;
}

/* Copy n bytes out. */
static inline bool
rd_bytes(struct rd *r, void *dst, size_t n)
{
	if (r->len < n)
		return false;
	memcpy(dst, r->p, n);
	r->p += n;
	r->len -= n;
	return true;
}

static inline bool
rd_skip(struct rd *r, size_t n)
{
	if (r->len < n)
		return false;
	r->p += n;
	r->len -= n;
	return true;
}

/* Split off the next n bytes as their own reader and advance past them. */
static inline bool
rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	if (r->len < n)
		return false;
	sub->p = r->p;
	sub->len = n;
	r->p += n;
	r->len -= n;
	return true;
}

/* Look at byte i ahead without consuming it. */
static inline bool
rd_peek8(const struct rd *r, size_t i, uint8_t *v)
{
	if (r->len <= i)
		return false;
	*v = r->p[i];
	return true;
}

static inline struct wr
wr_make(void *buf, size_t len)
{
	struct wr w = { (uint8_t *)buf, len };

	return w;
}

static inline bool
wr_u8(struct wr *w, uint8_t v)
{
	if (w->len < 1)
		return false;
	*w->p++ = v;
	w->len--;
	return true;
}

static inline bool
wr_be16(struct wr *w, uint16_t v)
{
	if (w->len < 2)
		return false;
	w->p[0] = (uint8_t)(v >> 8);
	w->p[1] = (uint8_t)v;
	w->p += 2;
	w->len -= 2;
	return true;
}

static inline bool
wr_be32(struct wr *w, uint32_t v)
{
	if (w->len < 4)
		return false;
	w->p[0] = (uint8_t)(v >> 24);
	w->p[1] = (uint8_t)(v >> 16);
	w->p[2] = (uint8_t)(v >> 8);
	w->p[3] = (uint8_t)v;
	w->p += 4;
	w->len -= 4;
	return true;
}

static inline bool
wr_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->len < n)
		return false;
	if (n > 0)
		memcpy(w->p, src, n);
	w->p += n;
	w->len -= n;
	return true;
}

/* Store a big-endian 16-bit value at an absolute position of a buffer. */
static inline void
wr_put_be16(uint8_t *at, uint16_t v)
{
	at[0] = (uint8_t)(v >> 8);
	at[1] = (uint8_t)v;
}

#endif
