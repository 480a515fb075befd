/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored on a temporary socket for a test process (xs-temp.h). */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xenstore.h>

#include "xs-temp.h"

static pid_t xenstored_pid;
static struct xs_handle *xs;
static char tmp_dir[] = "/tmp/xend-test-XXXXXX";

static void stop_xenstored(void)
{
    char cmd[64];

    xs_close(xs);
    kill(xenstored_pid, SIGTERM);
    waitpid(xenstored_pid, NULL, 0);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    if ( system(cmd) )
        perror(cmd);
}

struct xs_handle *xs_temp_start(void)
{
    char sock[64];
    int i;

    if ( xenstored_pid || !mkdtemp(tmp_dir) )
        return xs;
    snprintf(sock, sizeof(sock), "%s/socket", tmp_dir);
    xenstored_pid = fork();
    if ( xenstored_pid == 0 )
    {
        execl(XENSTORED_BIN, "xenstored", "-N", "-D", "-s", sock,
              (char *)NULL);
        _exit(127);
    }
    atexit(stop_xenstored);
    setenv("XENSTORED_PATH", sock, 1);
    for ( i = 0; i < 100 && !(xs = xs_open(0)); i++ )
        usleep(50 * 1000);
    return xs;
}

bool value_is(const char *path, const char *want)
{
    char *v = xs_read(xs, XBT_NULL, path, NULL);
    bool ok = v && !strcmp(v, want);

    if ( !ok )
        printf("    %s = %s, want %s\n", path, v ? v : "(none)", want);
    free(v);
    return ok;
}

bool perms_are(const char *path, const char *want)
{
    struct xs_permissions *p;
    char got[64] = "", one[16];
    unsigned int n, i;

    p = xs_get_permissions(xs, XBT_NULL, path, &n);
    for ( i = 0; p && i < n; i++ )
    {
        xs_perm_to_string(&p[i], one, sizeof(one));
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
                 i ? " " : "", one);
    }
    free(p);
    if ( strcmp(got, want) )
        printf("    %s: perms %s, want %s\n", path, got, want);
    return !strcmp(got, want);
}

bool node_gone(const char *path)
{
    char *v = xs ? xs_read(xs, XBT_NULL, path, NULL) : NULL;

    free(v);
    return xs && !v;
}

bool script_calls_are(const char *dir, const char *want)
{
    char path[256], got[512] = "";
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/calls", dir);
    f = fopen(path, "r");
    n = f ? fread(got, 1, sizeof(got) - 1, f) : 0;
    got[n] = '\0';
    if ( f )
        fclose(f);
    if ( strcmp(got, want) )
        printf("    script calls:\n%s    want:\n%s", got, want);
    return !strcmp(got, want);
}
