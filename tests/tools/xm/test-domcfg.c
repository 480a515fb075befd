/* SPDX-License-Identifier: GPL-2.0-only */
/* libdomcfg: every setting's rule, the defaults and the canonical form. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "domcfg.h"

static struct xr_value *minimal(void)
{
    struct xr_value *d = xr_struct();

    xr_struct_set(d, "name", xr_string("demo"));
    xr_struct_set(d, "kernel", xr_string("/boot/vmlinuz"));
    return d;
}

static struct xr_value *strings(const char *a, const char *b)
{
    struct xr_value *l = xr_array();

    xr_array_append(l, xr_string(a));
    if ( b )
        xr_array_append(l, xr_string(b));
    return l;
}

/* Parse minimal() plus key=v; the error (or "" when accepted). */
static const char *with(const char *key, struct xr_value *v)
{
    static struct domcfg_error err;
    struct domain_config cfg;
    struct xr_value *d = minimal();
    int rc;

    xr_struct_set(d, key, v);
    domcfg_init(&cfg);
    memset(&err, 0, sizeof(err));
    rc = domcfg_parse(d, &cfg, &err);
    domcfg_dispose(&cfg);
    xr_free(d);
    if ( !rc )
        return "";
    if ( strcmp(err.key, key) )
        return "wrong key";
    return err.msg;
}

#define ACCEPTS(k, v)       EXPECT(!strcmp(with(k, v), ""))
#define REFUSES(k, v, msg)  EXPECT(strstr(with(k, v), msg) != NULL)

TEST(defaults)
{
    struct domain_config cfg;
    struct domcfg_error err;
    struct xr_value *d = minimal();

    domcfg_init(&cfg);
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), 0);
    EXPECT_EQ(cfg.memory, 128);
    EXPECT_EQ(cfg.maxmem, 128);
    EXPECT_EQ(cfg.vcpus, 1);
    EXPECT_EQ(cfg.cpu_weight, 256);
    EXPECT_EQ(cfg.cpu_cap, 0);
    EXPECT_EQ(cfg.on_poweroff, DOMCFG_DESTROY);
    EXPECT_EQ(cfg.on_reboot, DOMCFG_RESTART);
    EXPECT_EQ(cfg.on_crash, DOMCFG_RESTART);
    EXPECT(cfg.pv_as_pvh);
    EXPECT(!uuid_is_null(cfg.uuid));
    EXPECT(cfg.cmdline == NULL);
    domcfg_dispose(&cfg);
    xr_free(d);
}

TEST(integers)
{
    ACCEPTS("memory", xr_int(512));
    ACCEPTS("memory", xr_string("512"));
    REFUSES("memory", xr_string("abc"),
            "must be a positive integer (got 'abc')");
    REFUSES("memory", xr_int(0), "must be from 1 to");
    REFUSES("memory", xr_int(-5), "must be a positive integer (got -5)");
    REFUSES("memory", xr_double(192.0), "(got 192.0)");
    REFUSES("memory", xr_bool(true), "(got True)");
    REFUSES("maxmem", xr_int(64), "at least memory (128)");
    ACCEPTS("vcpus", xr_int(128));
    REFUSES("vcpus", xr_int(129), "from 1 to 128");
    REFUSES("cpu_weight", xr_int(0), "from 1 to 65535");
    REFUSES("cpu_cap", xr_int(150), "at most 100 per vCPU");
    REFUSES("vcpus", strings("1", NULL), "(got a list)");
}

TEST(names_and_builders)
{
    REFUSES("name", xr_string("a b"), "letters, digits");
    REFUSES("name", xr_string(""), "letters, digits");
    REFUSES("name", xr_string("123"), "not only digits");
    REFUSES("name", xr_nil(), "(got None)");
    ACCEPTS("uuid", xr_string("6e4c8f3a-1b2d-4c5e-8f90-123456789abc"));
    REFUSES("uuid", xr_string("6e4c8f3a"), "a UUID");
    ACCEPTS("builder", xr_string("linux"));
    REFUSES("builder", xr_string("hvm"), "HVM guests come later");
    REFUSES("builder", xr_string("generic"), "'linux'");
    ACCEPTS("type", xr_string("pvh"));
    REFUSES("type", xr_string("hvm"), "HVM guests come later");
    REFUSES("kernel", xr_string(""), "a file name");
    REFUSES("ramdisk", xr_int(3), "a file name");
    ACCEPTS("on_crash", xr_string("preserve"));
    ACCEPTS("on_reboot", xr_string("rename-restart"));
    REFUSES("on_poweroff", xr_string("explode"), "one of 'destroy'");
}

TEST(pv_note_only_for_xen3_pv_configs)
{
    struct domain_config cfg;
    struct domcfg_error err;
    struct xr_value *d = minimal();

    xr_struct_set(d, "type", xr_string("pvh"));
    domcfg_init(&cfg);
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), 0);
    EXPECT(!cfg.pv_as_pvh);
    domcfg_dispose(&cfg);
    xr_struct_set(d, "type", xr_string("pv"));
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), 0);
    EXPECT(cfg.pv_as_pvh);
    domcfg_dispose(&cfg);
    xr_free(d);
}

TEST(unknown_keys)
{
    REFUSES("memroy", xr_int(1), "did you mean 'memory'?");
    REFUSES("vpcus", xr_int(1), "did you mean 'vcpus'?");
    REFUSES("bootloader", xr_string("pygrub"), "does not support (yet)");
    REFUSES("something_else", xr_int(1), "unknown setting");
}

TEST(cpus)
{
    struct xr_value *l = xr_array();
    char *c = NULL;

    EXPECT_EQ(domcfg_parse_cpus(&(struct xr_value){ .type = XR_STRING,
              .u.s = "0-3,^1,8" }, &c), 0);
    EXPECT(c && !strcmp(c, "0,2-3,8"));
    free(c);
    xr_array_append(l, xr_int(5));
    xr_array_append(l, xr_int(4));
    EXPECT_EQ(domcfg_parse_cpus(l, &c), 0);
    EXPECT(c && !strcmp(c, "4-5"));
    free(c);
    xr_free(l);
    ACCEPTS("cpus", xr_int(2));
    ACCEPTS("cpus", xr_string("all"));
    REFUSES("cpus", xr_string("0-"), "a CPU list");
    REFUSES("cpus", xr_string("3-1"), "a CPU list");
    REFUSES("cpus", xr_string("^0"), "a CPU list");
    REFUSES("cpus", xr_string("1024"), "a CPU list");
    REFUSES("cpus", xr_string("0,,1"), "a CPU list");
}

TEST(disks)
{
    ACCEPTS("disk", strings("file:/img,xvda,w", "phy:/dev/vg/lv,xvdb1,r"));
    ACCEPTS("disk", strings("tap:aio:/img,xvda,w!", NULL));
    ACCEPTS("disk", strings("file:/cd.iso,ioemu:hdc:cdrom,r", NULL));
    REFUSES("disk", xr_string("file:/img,xvda,w"), "a list like");
    REFUSES("disk", strings("file:/img,xvda", NULL),
            "entry 1: 'file:/img,xvda' is not 'type:path,device,mode'");
    REFUSES("disk", strings("nfs:/img,xvda,w", NULL), "unknown disk type");
    REFUSES("disk", strings("file:,xvda,w", NULL), "no path");
    REFUSES("disk", strings("file:/a,xvd,w", NULL), "bad virtual device");
    REFUSES("disk", strings("file:/a,xvda0,w", NULL), "bad virtual device");
    REFUSES("disk", strings("file:/a,xvda,rw", NULL), "bad mode 'rw'");
    REFUSES("disk", strings("file:/a,xvda,w", "phy:/b,xvda,r"),
            "entry 2: device xvda is already used");
    REFUSES("disk", strings("file:/a,xvda,w,extra", NULL), "is not");
}

TEST(vifs)
{
    ACCEPTS("vif", strings("", "bridge=xenbr0,mac=00:16:3e:01:02:03"));
    ACCEPTS("vif", strings("ip=10.0.0.2,script=vif-bridge,vifname=v1",
                           NULL));
    REFUSES("vif", strings("bridge", NULL), "'bridge' is not key=value");
    REFUSES("vif", strings("colour=red", NULL), "unknown vif setting");
    REFUSES("vif", strings("mac=01:16:3e:01:02:03", NULL), "bad mac");
    REFUSES("vif", strings("mac=00:16:3e:01:02", NULL), "bad mac");
    REFUSES("vif", strings("bridge=a,bridge=b", NULL), "given twice");
}

TEST(serial_and_cmdline)
{
    ACCEPTS("serial", xr_string("pty"));
    ACCEPTS("serial", strings("pty", "file:/tmp/s"));
    REFUSES("serial", xr_int(1), "a string like 'pty'");
    REFUSES("cmdline", xr_int(1), "a string");
}

TEST(cmdline_from_root_and_extra)
{
    struct domain_config cfg;
    struct domcfg_error err;
    struct xr_value *d = minimal();

    xr_struct_set(d, "root", xr_string("/dev/xvda1 ro"));
    xr_struct_set(d, "extra", xr_string("console=hvc0"));
    domcfg_init(&cfg);
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), 0);
    EXPECT(cfg.cmdline && !strcmp(cfg.cmdline,
                                  "root=/dev/xvda1 ro console=hvc0"));
    domcfg_dispose(&cfg);
    xr_struct_set(d, "cmdline", xr_string("quiet"));
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), -1);
    EXPECT(!strcmp(err.key, "cmdline"));
    domcfg_dispose(&cfg);
    xr_free(d);
}

TEST(missing_name_and_kernel)
{
    struct domain_config cfg;
    struct domcfg_error err;
    struct xr_value *d = xr_struct();

    domcfg_init(&cfg);
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), -1);
    EXPECT(!strcmp(err.key, "name") && strstr(err.msg, "missing"));
    domcfg_dispose(&cfg);
    xr_struct_set(d, "name", xr_string("x"));
    EXPECT_EQ(domcfg_parse(d, &cfg, &err), -1);
    EXPECT(!strcmp(err.key, "kernel") && strstr(err.msg, "missing"));
    domcfg_dispose(&cfg);
    xr_free(d);
}

/* The canonical dict parses back to itself: what xend stores and reads. */
TEST(canonical_round_trip)
{
    struct domain_config a, b;
    struct domcfg_error err;
    struct xr_value *d = minimal(), *va, *vb;

    xr_struct_set(d, "memory", xr_int(300));
    xr_struct_set(d, "maxmem", xr_string("400"));
    xr_struct_set(d, "vcpus", xr_int(3));
    xr_struct_set(d, "cpus", xr_string("1-3"));
    xr_struct_set(d, "extra", xr_string("console=hvc0"));
    xr_struct_set(d, "on_crash", xr_string("preserve"));
    xr_struct_set(d, "disk", strings("file:/cd.iso,hdc:cdrom,r",
                                     "phy:/dev/x,xvda,w!"));
    xr_struct_set(d, "vif", strings("bridge=xenbr0,mac=00:16:3e:00:00:01",
                                    ""));
    xr_struct_set(d, "serial", xr_string("pty"));
    domcfg_init(&a);
    domcfg_init(&b);
    EXPECT_EQ(domcfg_parse(d, &a, &err), 0);
    va = domcfg_to_value(&a);
    EXPECT_EQ(domcfg_parse(va, &b, &err), 0);
    vb = domcfg_to_value(&b);
    EXPECT(xr_equal(va, vb));
    EXPECT(!b.pv_as_pvh);
    EXPECT(!uuid_compare(a.uuid, b.uuid));
    EXPECT_EQ(b.nr_disks, 2);
    EXPECT(b.disks[0].cdrom && !strcmp(b.disks[1].mode, "w!"));
    EXPECT_EQ(b.nr_vifs, 2);
    xr_free(va);
    xr_free(vb);
    domcfg_dispose(&a);
    domcfg_dispose(&b);
    xr_free(d);
}
