/* SPDX-License-Identifier: GPL-2.0-only */
/* libxmlrpc's JSON: values through yajl and back. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "xmlrpc.h"

TEST(json_round_trip)
{
    struct xr_value *s = xr_struct(), *a = xr_array(), *back;
    char *text, err[128];

    xr_array_append(a, xr_int(-3));
    xr_array_append(a, xr_int(1ll << 50));
    xr_array_append(a, xr_double(0.25));
    xr_array_append(a, xr_nil());
    xr_array_append(a, xr_bool(false));
    xr_struct_set(s, "a", a);
    xr_struct_set(s, "quote", xr_string("say \"hi\"\n\t\\ \xc3\xa9"));
    xr_struct_set(s, "empty", xr_struct());
    text = xr_json_encode(s, false);
    EXPECT(text != NULL);
    back = text ? xr_json_decode(text, err, sizeof(err)) : NULL;
    EXPECT(back && xr_equal(s, back));
    free(text);
    xr_free(back);
    xr_free(s);
}

TEST(json_pretty_layout)
{
    struct xr_value *s = xr_struct();
    char *text;

    xr_struct_set(s, "name", xr_string("demo"));
    xr_struct_set(s, "memory", xr_int(256));
    text = xr_json_encode(s, true);
    EXPECT(text && !strcmp(text, "{\n    \"name\": \"demo\",\n"
                           "    \"memory\": 256\n}\n"));
    free(text);
    xr_free(s);
}

TEST(json_refuses_bad_text)
{
    char err[128];

    EXPECT(xr_json_decode("{\"a\": ", err, sizeof(err)) == NULL);
    EXPECT(err[0] && !strchr(err, '\n'));
    EXPECT(xr_json_decode("[1, 2,]", err, sizeof(err)) == NULL);
    EXPECT(xr_json_decode("1e999", err, sizeof(err)) == NULL);
}

/* yajl reads an integer beyond 64 bits as a double: never a wrong int. */
TEST(json_big_integer_is_double)
{
    char err[128];
    struct xr_value *v = xr_json_decode("123456789012345678901234567890",
                                        err, sizeof(err));

    EXPECT(v && v->type == XR_DOUBLE && v->u.d > 1e29);
    xr_free(v);
}

TEST(json_refuses_invalid_utf8)
{
    struct xr_value *v = xr_string("bad \xff byte");
    char *text = xr_json_encode(v, false);

    EXPECT(text == NULL);
    free(text);
    xr_free(v);
}
