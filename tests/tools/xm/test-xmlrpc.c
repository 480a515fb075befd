/* SPDX-License-Identifier: GPL-2.0-only */
/* libxmlrpc: XML documents and HTTP framing, both ways. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "xmlrpc.h"

/* One value of every type, nested. */
static struct xr_value *sample(void)
{
    struct xr_value *s = xr_struct(), *a = xr_array();

    xr_array_append(a, xr_int(-7));
    xr_array_append(a, xr_int(1ll << 40));
    xr_array_append(a, xr_double(2.5));
    xr_array_append(a, xr_nil());
    xr_array_append(a, xr_bool(true));
    xr_array_append(a, xr_string(""));
    xr_struct_set(s, "list", a);
    xr_struct_set(s, "text", xr_string("a <b> & \"c\" \xc3\xa9 \r\n x"));
    xr_struct_set(s, "inner", xr_struct());
    xr_struct_set(s, "flag", xr_bool(false));
    return s;
}

TEST(call_round_trip)
{
    struct xr_value *p = xr_array(), *back = NULL;
    char *doc, *method = NULL, *err = NULL;
    size_t len;

    xr_array_append(p, sample());
    xr_array_append(p, xr_string("second"));
    doc = xr_call_encode("xend.domain.create", p, &len);
    EXPECT_EQ(strlen(doc), len);
    EXPECT_EQ(xr_call_decode(doc, len, &method, &back, &err), 0);
    EXPECT(method && !strcmp(method, "xend.domain.create"));
    EXPECT(back && xr_equal(p, back));
    free(doc);
    free(method);
    xr_free(back);
    xr_free(p);
}

TEST(response_and_fault_round_trip)
{
    struct xr_value *v = sample(), *back = NULL;
    char *doc, *msg = NULL, *err = NULL;
    size_t len;
    int code = 0;

    doc = xr_response_encode(v, &len);
    EXPECT_EQ(xr_response_decode(doc, len, &back, &code, &msg, &err), 0);
    EXPECT(back && xr_equal(v, back));
    free(doc);
    xr_free(back);
    doc = xr_fault_encode(38, "needs <domctl> & more", &len);
    EXPECT_EQ(xr_response_decode(doc, len, &back, &code, &msg, &err), 0);
    EXPECT(back == NULL);
    EXPECT_EQ(code, 38);
    EXPECT(msg && !strcmp(msg, "needs <domctl> & more"));
    free(msg);
    free(doc);
    xr_free(v);
}

/* Bytes XML cannot carry become U+FFFD; the document stays readable. */
TEST(unsafe_strings_stay_well_formed)
{
    struct xr_value *v = xr_string("a\x01" "b\xff" "c\xc3\xa9"), *back = NULL;
    char *doc, *msg = NULL, *err = NULL;
    size_t len;
    int code;

    doc = xr_response_encode(v, &len);
    EXPECT_EQ(xr_response_decode(doc, len, &back, &code, &msg, &err), 0);
    EXPECT(back && back->type == XR_STRING &&
           !strcmp(back->u.s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xc3\xa9"));
    free(doc);
    free(err);
    xr_free(back);
    xr_free(v);
}

/* What Python's xmlrpc.client writes (dumps with allow_none). */
TEST(decode_python_shapes)
{
    static const char doc[] =
        "<?xml version='1.0'?>\n<methodCall>\n"
        "<methodName>xend.domains</methodName>\n<params>\n"
        "<param>\n<value><boolean>1</boolean></value>\n</param>\n"
        "<param>\n<value><i4>12</i4></value>\n</param>\n"
        "<param>\n<value>bare text</value>\n</param>\n"
        "<param>\n<value><nil/></value></param>\n"
        "<param>\n<value><array><data>\n<value><int>1</int></value>\n"
        "</data></array></value>\n</param>\n"
        "</params>\n</methodCall>\n";
    struct xr_value *p = NULL;
    char *method = NULL, *err = NULL;

    EXPECT_EQ(xr_call_decode(doc, strlen(doc), &method, &p, &err), 0);
    if ( !p )
        return;
    EXPECT_EQ(p->u.array.n, 5);
    EXPECT(p->u.array.items[0]->type == XR_BOOL &&
           p->u.array.items[0]->u.b);
    EXPECT(p->u.array.items[1]->type == XR_INT &&
           p->u.array.items[1]->u.i == 12);
    EXPECT(p->u.array.items[2]->type == XR_STRING &&
           !strcmp(p->u.array.items[2]->u.s, "bare text"));
    EXPECT(p->u.array.items[3]->type == XR_NIL);
    EXPECT(p->u.array.items[4]->type == XR_ARRAY &&
           p->u.array.items[4]->u.array.n == 1);
    free(method);
    xr_free(p);
}

/* Each bad document is refused with a reason, never crashes. */
static bool refused(const char *doc)
{
    struct xr_value *p = NULL;
    char *method = NULL, *err = NULL;
    int rc = xr_call_decode(doc, strlen(doc), &method, &p, &err);
    bool ok = rc == -1 && err && *err && !strchr(err, '\n') && !p;

    free(err);
    free(method);
    xr_free(p);
    return ok;
}

TEST(decode_refuses_bad_documents)
{
    char *deep;
    size_t i;

    EXPECT(refused("<methodCall><methodName>x</methodName>"));
    EXPECT(refused("<methodResponse><params/></methodResponse>"));
    EXPECT(refused("<methodCall><params/></methodCall>"));
    EXPECT(refused("<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaa'>]>"
                   "<methodCall><methodName>&a;</methodName></methodCall>"));
    EXPECT(refused("<methodCall><methodName>x</methodName><params><param>"
                   "<value><int>12x</int></value></param></params>"
                   "</methodCall>"));
    EXPECT(refused("<methodCall><methodName>x</methodName><params><param>"
                   "<value><base64>AAAA</base64></value></param></params>"
                   "</methodCall>"));
    EXPECT(refused("<methodCall><methodName>x</methodName><params><param>"
                   "<value><boolean>2</boolean></value></param></params>"
                   "</methodCall>"));
    EXPECT(refused("<methodCall><methodName>x</methodName><params><param>"
                   "<value><struct><member><value>1</value></member>"
                   "</struct></value></param></params></methodCall>"));
    deep = malloc(100 * 50 + 200);
    strcpy(deep, "<methodCall><methodName>x</methodName><params><param>");
    for ( i = 0; i < 100; i++ )
        strcat(deep, "<value><array><data>");
    for ( i = 0; i < 100; i++ )
        strcat(deep, "</data></array></value>");
    strcat(deep, "</param></params></methodCall>");
    EXPECT(refused(deep));
    free(deep);
}

TEST(fault_must_have_code_and_string)
{
    static const char doc[] =
        "<methodResponse><fault><value><struct><member><name>faultCode"
        "</name><value><int>1</int></value></member></struct></value>"
        "</fault></methodResponse>";
    struct xr_value *r = NULL;
    char *msg = NULL, *err = NULL;
    int code;

    EXPECT_EQ(xr_response_decode(doc, strlen(doc), &r, &code, &msg, &err),
              -1);
    EXPECT(err && strstr(err, "faultString"));
    free(err);
}

/* A server child answers one request on a socketpair. */
static void serve_one(int fd, const char *answer)
{
    char *body = NULL, *err = NULL;
    size_t len;

    if ( xr_http_read_request(fd, &body, &len, &err) )
        xr_http_write_response(fd, 400, "", 0);
    else
        xr_http_write_response(fd, 200, answer, strlen(answer));
    close(fd);
    _exit(body && !strcmp(body, "<ping/>") ? 0 : 1);
}

TEST(http_post_round_trip)
{
    char *reply = NULL, *err = NULL;
    size_t len;
    int sv[2], status;
    pid_t pid;

    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    pid = fork();
    if ( pid == 0 )
    {
        close(sv[0]);
        serve_one(sv[1], "<pong/>");
    }
    close(sv[1]);
    EXPECT_EQ(xr_http_post(sv[0], "<ping/>", 7, &reply, &len, &err), 0);
    EXPECT(reply && len == 7 && !strcmp(reply, "<pong/>"));
    close(sv[0]);
    EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0);
    free(reply);
}

/* Raw requests the server must refuse with a reason. */
static bool request_refused(const char *raw)
{
    char *body = NULL, *err = NULL;
    size_t len;
    int sv[2], rc;

    if ( socketpair(AF_UNIX, SOCK_STREAM, 0, sv) )
        return false;
    if ( write(sv[0], raw, strlen(raw)) != (ssize_t)strlen(raw) )
        return false;
    shutdown(sv[0], SHUT_WR);
    rc = xr_http_read_request(sv[1], &body, &len, &err);
    close(sv[0]);
    close(sv[1]);
    free(body);
    free(err);
    return rc == -1;
}

TEST(http_refuses_bad_requests)
{
    EXPECT(request_refused("GET / HTTP/1.0\r\n\r\n"));
    EXPECT(request_refused("POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT(request_refused("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: "
                           "chunked\r\nContent-Length: 3\r\n\r\nabc"));
    EXPECT(request_refused("POST /RPC2 HTTP/1.1\r\nContent-Length: "
                           "99999999999\r\n\r\n"));
    EXPECT(request_refused("POST /RPC2 HTTP/1.1\r\nContent-Length: 10\r\n"
                           "\r\nshort"));
    EXPECT(request_refused("POST /RPC2 HTTP/1.1\r\nContent-Len"));
}

TEST(http_accepts_python_request)
{
    static const char raw[] =
        "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n"
        "Content-Type: text/xml\r\nUser-Agent: Python-xmlrpc/3.11\r\n"
        "content-length: 5\r\n\r\nhello";
    char *body = NULL, *err = NULL;
    size_t len = 0;
    int sv[2];

    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    EXPECT_EQ(write(sv[0], raw, strlen(raw)), (ssize_t)strlen(raw));
    EXPECT_EQ(xr_http_read_request(sv[1], &body, &len, &err), 0);
    EXPECT(body && len == 5 && !strcmp(body, "hello"));
    close(sv[0]);
    close(sv[1]);
    free(body);
}
