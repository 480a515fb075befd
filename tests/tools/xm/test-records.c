/* SPDX-License-Identifier: GPL-2.0-only */
/* xend's domain records: JSON files saved, loaded, checked, scanned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "xend-records.h"

static char dir[64];
static int found, reported;

/* A fresh state directory for each test (they may run in any order). */
static void fresh_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/xm-records-XXXXXX");
    if ( !mkdtemp(dir) )
        dir[0] = '\0';
    if ( dir[0] )
    {
        char d[80];

        snprintf(d, sizeof(d), "%s/domains", dir);
        mkdir(d, 0700);
    }
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    EXPECT_EQ(system(cmd), 0);
}

static void sample(struct xend_record *r, const char *uuid)
{
    memset(r, 0, sizeof(*r));
    snprintf(r->uuid, sizeof(r->uuid), "%s", uuid);
    r->domid = 7;
    r->start_time = 1764750000.5;
    r->config = xr_struct();
    xr_struct_set(r->config, "name", xr_string("demo"));
    xr_struct_set(r->config, "memory", xr_int(256));
}

static void write_text(const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/domains/%s", dir, name);
    f = fopen(path, "w");
    if ( f )
    {
        fputs(text, f);
        fclose(f);
    }
}

static void on_found(const struct xend_record *r)
{
    found++;
}

static void on_report(const char *path, const char *why)
{
    reported++;
}

TEST(record_save_load)
{
    struct xend_record r, back;
    char path[256], err[160];

    fresh_dir();
    sample(&r, "6e4c8f3a-1b2d-4c5e-8f90-123456789abc");
    EXPECT_EQ(xend_record_save(dir, &r), 0);
    snprintf(path, sizeof(path), "%s/domains/%s.json", dir, r.uuid);
    EXPECT_EQ(xend_record_load(path, &back, err, sizeof(err)), 0);
    EXPECT(!strcmp(back.uuid, r.uuid));
    EXPECT_EQ(back.domid, 7);
    EXPECT(back.start_time == r.start_time);
    EXPECT(back.config && xr_equal(back.config, r.config));
    xend_record_dispose(&back);
    xend_record_dispose(&r);
    remove_dir();
}

TEST(record_checks_magic_and_revision)
{
    struct xend_record r;
    char path[256], err[160];

    fresh_dir();
    write_text("a.json", "{\"magic\": \"other\", \"revision\": 1}");
    snprintf(path, sizeof(path), "%s/domains/a.json", dir);
    EXPECT_EQ(xend_record_load(path, &r, err, sizeof(err)), -1);
    EXPECT(strstr(err, "magic") != NULL);
    write_text("b.json", "{\"magic\": \"xmhv-xend-domain\", "
               "\"revision\": 2}");
    snprintf(path, sizeof(path), "%s/domains/b.json", dir);
    EXPECT_EQ(xend_record_load(path, &r, err, sizeof(err)), -1);
    EXPECT(strstr(err, "revision") != NULL);
    write_text("c.json", "{not json");
    snprintf(path, sizeof(path), "%s/domains/c.json", dir);
    EXPECT_EQ(xend_record_load(path, &r, err, sizeof(err)), -1);
    write_text("d.json", "{\"magic\": \"xmhv-xend-domain\", \"revision\": 1,"
               " \"uuid\": \"nope\", \"domid\": 1, \"start_time\": 1.5,"
               " \"config\": {}}");
    snprintf(path, sizeof(path), "%s/domains/d.json", dir);
    EXPECT_EQ(xend_record_load(path, &r, err, sizeof(err)), -1);
    remove_dir();
}

TEST(record_scan_and_delete)
{
    struct xend_record r;

    fresh_dir();
    sample(&r, "11111111-2222-3333-4444-555555555555");
    EXPECT_EQ(xend_record_save(dir, &r), 0);
    xend_record_dispose(&r);
    write_text("notes.txt", "ignored");
    write_text("broken.json", "{\"magic\": 1}");
    found = reported = 0;
    EXPECT_EQ(xend_records_scan(dir, on_found, on_report), 1);
    EXPECT_EQ(found, 1);
    EXPECT_EQ(reported, 1);
    EXPECT_EQ(xend_record_delete(dir, "11111111-2222-3333-4444-555555555555"),
              0);
    found = reported = 0;
    EXPECT_EQ(xend_records_scan(dir, on_found, on_report), 0);
    EXPECT_EQ(reported, 1);
    remove_dir();
}
