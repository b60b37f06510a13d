/*
 * fuzz_json.c: the JSON writer (json.c) on any bytes: json_escape() into
 * a buffer of every size from the input's first byte (never past it,
 * always NUL-terminated, never cut inside an escape, the same length
 * asked), and the whole text must be printable ASCII with only RFC 8259
 * escapes and surrogates in pairs; then the writer builds a document
 * from the rest of the input (opcodes: open, close, key, string, number)
 * on a memory stream, and whatever it wrote after json_finish() must be
 * balanced and free of raw control bytes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static void
check_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"')
			abort();
		if (c != '\\')
			continue;
		if (++i >= len)
			abort();
		if (strchr("\"\\/bfnrt", s[i]) != NULL)
			continue;
		if (s[i] != 'u' || i + 4 >= len)
			abort();
		unsigned v = 0;
		for (int k = 1; k <= 4; k++) {
			char h = s[i + k];

			if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f')))
				abort();
			v = v << 4 | (unsigned)(h <= '9' ? h - '0' : h - 'a' + 10);
		}
		i += 4;
		if (v >= 0xdc00 && v <= 0xdfff)
			abort();		/* a low surrogate alone */
		if (v >= 0xd800 && v <= 0xdbff) {
			if (i + 6 >= len || s[i + 1] != '\\' || s[i + 2] != 'u' ||
			    s[i + 3] != 'd' || strchr("cdef", s[i + 4]) == NULL)
				abort();
			i += 6;		/* the low half, checked above */
		}
	}
}

static void
writer(const uint8_t *d, size_t n)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);
	struct json j;
	size_t i = 0;

	if (fp == NULL)
		return;
	json_init(&j, fp, d[0] & 1 ? 2 : 0);
	while (i < n) {
		uint8_t op = d[i++];
		size_t k = i < n ? d[i] % 16 : 0;

		if (k > n - i)
			k = n - i;
		switch (op % 8) {
		case 0: json_obj(&j); break;
		case 1: json_arr(&j); break;
		case 2: json_obj_end(&j); break;
		case 3: json_arr_end(&j); break;
		case 4: {
			char key[17];

			memcpy(key, d + i, k);
			key[k] = '\0';
			json_key(&j, key);
			i += k;
			break;
		}
		case 5: json_strn(&j, (const char *)d + i, k); i += k; break;
		case 6: json_dec(&j, (int64_t)op * 1000003 - 77777, op % 5); break;
		default: json_null(&j); break;
		}
	}
	(void)json_finish(&j);
	fclose(fp);
	for (size_t p = 0; p < blen; p++)
		if (((unsigned char)buf[p] < 0x20 && buf[p] != '\n') ||
		    (unsigned char)buf[p] >= 0x7f)
			abort();
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t need, cap;
	char *out;

	if (size == 0)
		return 0;
	need = json_escape((const char *)data, size, NULL, 0);
	out = malloc(need + 1);
	if (out == NULL)
		return 0;
	if (json_escape((const char *)data, size, out, need + 1) != need ||
	    strlen(out) != need)
		abort();
	check_text(out, need);
	/* a smaller buffer: a prefix of the same text, cut between escapes */
	cap = data[0] % (need + 1) + 1;
	{
		char *small = malloc(cap);

		if (small != NULL) {
			if (json_escape((const char *)data, size, small, cap) !=
			    need || strlen(small) >= cap ||
			    strncmp(small, out, strlen(small)) != 0)
				abort();
			check_text(small, strlen(small));
			free(small);
		}
	}
	free(out);
	writer(data, size);
	return 0;
}
