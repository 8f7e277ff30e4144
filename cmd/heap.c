/* heap.c: a size-class allocator for jansson's nodes in one-shot tools. */
/*
 * Why not malloc (issue 16, measured on the 33 MB bench map): a map is
 * about 1.5 million small jansson blocks; malloc's 8-byte header and
 * 16-byte rounding were 19 MB of 172, malloc and free some 16 % of the
 * time, and the 4 KiB page faults of the heap 18 % (in the kernel).
 * Here blocks of one size (8-byte steps up to 1 KiB) share 64 KiB slabs
 * of one reserved region, with no header: a block's size is its slab's.
 * Freed blocks go on their size's free list, for the next document of a
 * stream. (Transparent huge pages on the region, MADV_HUGEPAGE, took the
 * bench map's page faults from 25,000 to 9,300 but not the time: the
 * runs were no faster, the kernel clearing 2 MiB pages.) Bigger blocks,
 * and every block once the region is used up, come from malloc. One
 * thread only: the tools that install it (heap_init) use jansson from
 * one thread.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <jansson.h>

#include "util.h"

#define REGION_SHIFT 36			/* 64 GiB of address space */
#define SLAB_SHIFT 16			/* 64 KiB */
#define SLAB ((size_t)1 << SLAB_SHIFT)
#define GRAIN 8
#define NCLASS 128			/* blocks up to NCLASS * GRAIN bytes */

struct block {
	struct block *next;
};

static struct pool {
	struct block *free;
	unsigned char *bump, *end;	/* the rest of its newest slab */
} pools[NCLASS + 1];

static unsigned char *base, *next_slab, *limit;
/* The size class of each slab of the region (untouched pages cost
 * nothing: only the slabs in use are ever written). */
static unsigned char slab_class[(size_t)1 << (REGION_SHIFT - SLAB_SHIFT)];

static void *
heap_malloc(size_t n)
{
	size_t c = n <= GRAIN ? 1 : (n + GRAIN - 1) / GRAIN;
	struct pool *p = &pools[c];
	void *r;

	if (c > NCLASS)
		return malloc(n);
	if (p->free != NULL) {
		r = p->free;
		p->free = p->free->next;
		return r;
	}
	if ((size_t)(p->end - p->bump) < c * GRAIN) {
		if ((size_t)(limit - next_slab) < SLAB)
			return malloc(n);
		slab_class[(size_t)(next_slab - base) >> SLAB_SHIFT] =
		    (unsigned char)c;
		p->bump = next_slab;
		p->end = next_slab + SLAB;
		next_slab += SLAB;
	}
	r = p->bump;
	p->bump += c * GRAIN;
	return r;
}

static void
heap_free(void *ptr)
{
	unsigned char *q = ptr;
	struct block *b = ptr;
	struct pool *p;

	if (q < base || q >= limit) {
		free(ptr);	/* NULL too */
		return;
	}
	p = &pools[slab_class[(size_t)(q - base) >> SLAB_SHIFT]];
	b->next = p->free;
	p->free = b;
}

void
heap_init(void)
{
	size_t size = 0;
	void *m = MAP_FAILED;
	int shift;

#if defined(__SANITIZE_ADDRESS__)
	return;		/* AddressSanitizer sees every block as malloc's */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return;
#endif
#endif
	/* Address space only: pages are backed as they are first used.
	 * Less of it where less is given (valgrind gives less). */
	for (shift = REGION_SHIFT; m == MAP_FAILED && shift >= 30; shift -= 2) {
		size = (size_t)1 << shift;
		m = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	}
	if (m == MAP_FAILED)
		return;		/* malloc, as without it */
	base = next_slab = m;
	limit = base + size;
	json_set_alloc_funcs(heap_malloc, heap_free);
}
