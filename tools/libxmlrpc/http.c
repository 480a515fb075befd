/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HTTP framing of XML-RPC: one POST per connection, the XML document as
 * its body with a Content-Length; the answer is "HTTP/1.0 200 OK" and the
 * connection closes after it.  Python's xmlrpc.client sends HTTP/1.1 with a
 * Content-Length and copes with a 1.0 answer that closes, so one server
 * serves both xm and Python scripts.  Chunked bodies are refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xmlrpc.h"

#define MAX_HEADER 16384

static int fail(char **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if ( vasprintf(err, fmt, ap) < 0 )
        xr_alloc_failed();
    va_end(ap);
    return -1;
}

static int write_all(int fd, const char *buf, size_t len)
{
    ssize_t r;

    while ( len )
    {
        r = send(fd, buf, len, MSG_NOSIGNAL);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return -1;
        buf += r;
        len -= r;
    }
    return 0;
}

/* Read until the blank line ending the header; *got counts bytes read. */
static int read_header(int fd, char *buf, size_t *got, char **err)
{
    ssize_t r;

    *got = 0;
    while ( *got < MAX_HEADER )
    {
        r = read(fd, buf + *got, MAX_HEADER - *got);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return fail(err, "reading request: %s", strerror(errno));
        if ( r == 0 )
            return fail(err, "connection closed inside the HTTP header");
        *got += r;
        buf[*got] = '\0';
        if ( strstr(buf, "\r\n\r\n") )
            return 0;
    }
    return fail(err, "HTTP header longer than %d bytes", MAX_HEADER);
}

/* The value of header name in the header block hdr, or NULL. */
static const char *header_value(const char *hdr, const char *name)
{
    const char *line = strstr(hdr, "\r\n");
    size_t n = strlen(name);

    while ( line && line[2] != '\r' )
    {
        line += 2;
        if ( !strncasecmp(line, name, n) && line[n] == ':' )
            return line + n + 1 + strspn(line + n + 1, " \t");
        line = strstr(line, "\r\n");
    }
    return NULL;
}

static int content_length(const char *hdr, size_t *len, char **err)
{
    const char *v = header_value(hdr, "Content-Length");
    char *end;
    unsigned long long n;

    if ( header_value(hdr, "Transfer-Encoding") )
        return fail(err, "chunked HTTP bodies are not supported");
    if ( !v )
        return fail(err, "HTTP request without Content-Length");
    errno = 0;
    n = strtoull(v, &end, 10);
    if ( errno || end == v || (*end != '\r' && *end != ' ') ||
         n > XR_MAX_DOCUMENT )
        return fail(err, "bad or too large Content-Length");
    *len = n;
    return 0;
}

/* Copy what came after the header, then read the rest of the body. */
static int read_body(int fd, const char *rest, size_t have, size_t len,
                     char **body, char **err)
{
    ssize_t r;

    if ( have > len )
        return fail(err, "more data than Content-Length announced");
    *body = xr_xmalloc(len + 1);
    memcpy(*body, rest, have);
    while ( have < len )
    {
        r = read(fd, *body + have, len - have);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
        {
            free(*body);
            *body = NULL;
            return fail(err, "connection closed inside the HTTP body");
        }
        have += r;
    }
    (*body)[len] = '\0';
    return 0;
}

int xr_http_read_request(int fd, char **body, size_t *len, char **err)
{
    char *buf = xr_xmalloc(MAX_HEADER + 1), *end;
    size_t got;
    int rc = -1;

    *body = NULL;
    if ( read_header(fd, buf, &got, err) )
        goto out;
    if ( strncmp(buf, "POST ", 5) )
    {
        fail(err, "not an HTTP POST request");
        goto out;
    }
    if ( content_length(buf, len, err) )
        goto out;
    end = strstr(buf, "\r\n\r\n") + 4;
    rc = read_body(fd, end, got - (end - buf), *len, body, err);
 out:
    free(buf);
    return rc;
}

static const char *status_text(int status)
{
    switch ( status )
    {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    default:  return "Error";
    }
}

int xr_http_write_response(int fd, int status, const char *body, size_t len)
{
    char hdr[256];
    int n;

    n = snprintf(hdr, sizeof(hdr),
                 "HTTP/1.0 %d %s\r\nServer: xend\r\n"
                 "Content-Type: text/xml\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n", status, status_text(status),
                 len);
    if ( write_all(fd, hdr, n) || write_all(fd, body, len) )
        return -1;
    return 0;
}

/* Read everything until the server closes, up to the document cap. */
static int read_to_eof(int fd, char **buf, size_t *got, char **err)
{
    size_t cap = 8192, limit = XR_MAX_DOCUMENT + MAX_HEADER;
    ssize_t r;

    *buf = xr_xmalloc(cap + 1);
    *got = 0;
    for ( ;; )
    {
        if ( *got == cap )
        {
            if ( cap >= limit )
                return fail(err, "answer larger than %zu bytes", limit);
            cap *= 2;
            *buf = xr_xrealloc(*buf, cap + 1);
        }
        r = read(fd, *buf + *got, cap - *got);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return fail(err, "reading the answer: %s", strerror(errno));
        if ( r == 0 )
            break;
        *got += r;
    }
    (*buf)[*got] = '\0';
    return 0;
}

static int parse_reply(char *buf, size_t got, char **reply, size_t *len,
                       char **err)
{
    char *body = strstr(buf, "\r\n\r\n");
    int status;
    size_t clen;

    if ( sscanf(buf, "HTTP/1.%*d %d", &status) != 1 || !body )
        return fail(err, "the answer is not HTTP");
    if ( status != 200 )
        return fail(err, "the server answered HTTP %d", status);
    body += 4;
    *len = got - (body - buf);
    if ( header_value(buf, "Content-Length") )
    {
        if ( content_length(buf, &clen, err) )
            return -1;
        if ( clen != *len )
            return fail(err, "answer of %zu bytes, %zu announced", *len,
                        clen);
    }
    *reply = xr_xmalloc(*len + 1);
    memcpy(*reply, body, *len);
    (*reply)[*len] = '\0';
    return 0;
}

int xr_http_post(int fd, const char *body, size_t len, char **reply,
                 size_t *reply_len, char **err)
{
    char hdr[256], *buf = NULL;
    size_t got;
    int n, rc = -1;

    n = snprintf(hdr, sizeof(hdr),
                 "POST /RPC2 HTTP/1.0\r\nHost: localhost\r\n"
                 "User-Agent: xmhv-xmlrpc\r\nContent-Type: text/xml\r\n"
                 "Content-Length: %zu\r\n\r\n", len);
    if ( write_all(fd, hdr, n) || write_all(fd, body, len) )
        return fail(err, "sending the request: %s", strerror(errno));
    if ( read_to_eof(fd, &buf, &got, err) )
        goto out;
    rc = parse_reply(buf, got, reply, reply_len, err);
 out:
    free(buf);
    return rc;
}
