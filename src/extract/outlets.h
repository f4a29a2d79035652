/*
** outlets.h: the outlet directory (data/outlets.tsv, compiled in): which
** names, short names and web domains belong to which news outlet.
**
** Texts name an outlet many ways ("OAN", "One America News Network");
** filing them under one name makes "five outlets" mean five, lets a
** takedown of "OAN" reach every spelling, and gives a page that names no
** outlet the name of its domain. Names not in the directory are left as
** the text shows them.
** Memory: everything returned is static.
*/
#ifndef PX_EXTRACT_OUTLETS_H
#define PX_EXTRACT_OUTLETS_H

#include <stddef.h>
#include "util/str.h"

typedef struct px_outlet {
  const char *name;     /* "One America News" */
  const char *short_name; /* "OAN", or "" */
  const char *aliases;  /* ';'-separated other names */
  const char *domains;  /* ';'-separated, lower case */
} px_outlet;

/* The outlet a name (any spelling the directory knows; case, surrounding
** space and a leading "The" do not matter) or NULL. */
const px_outlet *px_outlet_by_name(px_str name);
/* The outlet a host belongs to ("www.bbc.co.uk" -> BBC News: the host is
** a listed domain or below one), or NULL. */
const px_outlet *px_outlet_by_host(px_str host);
/* The name to file an outlet under: the directory's name when it knows
** the outlet, else name itself. */
const char *px_outlet_canonical(const char *name);
/* Entries in the directory. */
size_t px_outlet_count(void);

#endif
