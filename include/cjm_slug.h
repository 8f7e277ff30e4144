/* cjm_slug.h: ids (slugs) for stages and touchpoints, and a Latin
 * transliteration of Cyrillic text to make them from names. */
#ifndef CJM_SLUG_H
#define CJM_SLUG_H

#include <stddef.h>

#include "cjm.h"	/* CJM_API */

/* Is s a slug as the format (man cjm(5)) has ids: a lower-case ASCII
 * letter or digit, then letters, digits, '-' and '_'. 1 or 0. */
CJM_API int cjm_slug_valid(const char *s);

/*
 * The Latin spelling of UTF-8 text: Russian, Ukrainian and Belarusian
 * Cyrillic letters transliterated, everything else copied as it is.
 * The scheme is the one of Russian web addresses (as Yandex writes
 * them; BGN/PCGN without diacritics): ж zh, х kh, ц ts, ч ch, ш sh,
 * щ shch, ю yu, я ya, й y, ё e, ъ and ь dropped; Ukrainian є ye, ї yi,
 * і i, ґ g; Belarusian ў u. A capital keeps its first letter capital
 * (Щука -> Shchuka). Writes at most size - 1 bytes and a NUL, never
 * cutting a character; returns the bytes written (without the NUL).
 * buf may not overlap s.
 */
CJM_API size_t cjm_translit(const char *s, char *buf, size_t size);

/*
 * A slug for a name: transliterated (cjm_translit), ASCII letters in
 * lower case, digits, '-' and '_' kept (not first), every other run of
 * characters (spaces, punctuation, other scripts) one '-', none at the
 * ends: "Оформление заказа" -> "oformlenie-zakaza", "Check Out!" ->
 * "check-out", "симптом" -> "simptom". At most size - 1 bytes and a
 * NUL (cut at a '-' when one is near the end, so words stay whole).
 * Returns the length; 0 (and "") when nothing in the name can make a
 * slug (only emoji or Chinese, say): the caller then asks for an id.
 * The result, when not empty, passes cjm_slug_valid.
 */
CJM_API size_t cjm_slug_make(const char *name, char *buf, size_t size);

#endif
