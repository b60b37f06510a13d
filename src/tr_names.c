/*
 * tr_names.c: reverse names for traceroute (see tr_names.h), cached per
 * address so a router answering three probes is looked up once.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tr_names.h"

#define NAMES_MAX	1024

struct name_ent {
	struct addr	 a;
	char		 name[NI_MAXHOST];
	bool		 done;
};

struct tr_names {
	struct name_ent	 ent[NAMES_MAX];
	size_t		 n;
};

struct tr_names *
tr_names_new(void)
{
	return calloc(1, sizeof(struct tr_names));
}

void
tr_names_free(struct tr_names *n)
{
	free(n);
}

static struct name_ent *
find(struct tr_names *n, const struct addr *a)
{
	for (size_t i = 0; i < n->n; i++)
		if (addr_eq(&n->ent[i].a, a))
			return &n->ent[i];
	return NULL;
}

void
tr_names_add(struct tr_names *n, const struct addr *a)
{
	if (find(n, a) != NULL || n->n == NAMES_MAX)
		return;
	n->ent[n->n].a = *a;
	n->ent[n->n].done = false;
	n->n++;
}

static void
lookup(struct name_ent *e)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_to_sa(&e->a, 0, &ss);

	if (sl == 0 || getnameinfo((struct sockaddr *)&ss, sl, e->name,
	    sizeof(e->name), NULL, 0, NI_NAMEREQD) != 0)
		addr_ntop(&e->a, e->name, sizeof(e->name));
	e->done = true;
}

int
tr_names_get(struct tr_names *n, const struct addr *a, char *buf,
    size_t len)
{
	struct name_ent *e;

	tr_names_add(n, a);
	if ((e = find(n, a)) == NULL) {
		addr_ntop(a, buf, len);
		return 0;
	}
	if (!e->done)
		lookup(e);
	snprintf(buf, len, "%s", e->name);
	return 0;
}
