/* verify/io/jsonread.h: a JSON reader (RFC 8259, through jansson) into a tree, for
 * reading back ovp's own files (bench baselines, summaries). Strict: no comments,
 * no trailing commas, no leading zeros or bare '.' in numbers ("01", "1."), no
 * invalid UTF-8, no lone surrogate escapes, no repeated key in an object; a
 * surrogate pair decodes to its one code point in UTF-8. \u0000 is refused (a
 * C string would end there), never truncated. Numbers, integers too, are doubles
 * (strtod of the text: bit for bit what ovp_json_format_double wrote). */
#ifndef OVP_JSONREAD_H
#define OVP_JSONREAD_H

#include <stddef.h>

typedef enum { OVP_JNULL, OVP_JBOOL, OVP_JNUMBER, OVP_JSTRING, OVP_JARRAY, OVP_JOBJECT } ovp_jtype;

typedef struct ovp_jvalue {
    ovp_jtype type;
    double number;             /* JNUMBER; JBOOL as 0/1 */
    char *string;              /* JSTRING */
    struct ovp_jvalue **items; /* JARRAY and JOBJECT values */
    char **keys;               /* JOBJECT keys */
    size_t n;
} ovp_jvalue;

/* Parses text; NULL on error with the byte offset in err. Free with ovp_jsonread_free. */
ovp_jvalue *ovp_jsonread_parse(const char *text, size_t len, char *err, size_t errlen);
void ovp_jsonread_free(ovp_jvalue *v);

/* Member of an object by key (NULL when absent or not an object). */
const ovp_jvalue *ovp_jsonread_get(const ovp_jvalue *obj, const char *key);
/* Number member, or fallback when absent or not a number. */
double ovp_jsonread_get_number(const ovp_jvalue *obj, const char *key, double fallback);
/* String member, or NULL. */
const char *ovp_jsonread_get_string(const ovp_jvalue *obj, const char *key);

#endif
