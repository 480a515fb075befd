/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xm: Xen 3's command line, as a client of xend.  The table below is the
 * whole command set with Xen 3's options; each action lives in the file of
 * its family.  Exit status: 0 done, 1 failed (one line on stderr), 2 usage.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"

#define OPT_END { 0, NULL, NULL, NULL }

static int cmd_help(const struct xm_args *a);

static const struct xm_option create_opts[] = {
    { 'c', "console_autoconnect", NULL, "attach to the console after "
      "creating" },
    { 'n', "dryrun", NULL, "print the parsed config as JSON; create "
      "nothing" },
    { 'f', "defconfig", "FILE", "the config file (instead of the first "
      "argument)" },
    OPT_END,
};
static const struct xm_option list_opts[] = {
    { 'l', "long", NULL, "the full records, as JSON" },
    { 'j', "json", NULL, "the same as --long" },
    OPT_END,
};
static const struct xm_option block_list_opts[] = {
    { 'l', "long", NULL, "each device's frontend nodes, as JSON" },
    OPT_END,
};
static const struct xm_option block_detach_opts[] = {
    { 'f', "force", NULL, "detach even if the guest still uses it" },
    OPT_END,
};
static const struct xm_option shutdown_opts[] = {
    { 'w', "wait", NULL, "wait until the domain is gone" },
    { 'a', "all", NULL, "every domain but Domain-0" },
    OPT_END,
};
static const struct xm_option dmesg_opts[] = {
    { 'c', "clear", NULL, "clear the hypervisor's message buffer after "
      "reading" },
    OPT_END,
};
static const struct xm_option uptime_opts[] = {
    { 's', "short", NULL, "one short line per domain" },
    OPT_END,
};
static const struct xm_option sched_opts[] = {
    { 'd', "domain", "DOMAIN", "the domain to show or change" },
    { 'w', "weight", "WEIGHT", "its weight (1-65535)" },
    { 'c', "cap", "CAP", "its cap in percent of one CPU (0: none)" },
    OPT_END,
};
static const struct xm_option help_opts[] = {
    { 'l', "long", NULL, "every command with its options" },
    OPT_END,
};
static const struct xm_option save_opts[] = {
    { 'c', "checkpoint", NULL, "leave the domain running after saving it" },
    { 'z', "compress", NULL, "compress the memory with zlib" },
    OPT_END,
};
static const struct xm_option migrate_opts[] = {
    { 'l', "live", NULL, "pre-copy the memory while the guest runs" },
    { 'p', "port", "PORT", "the destination's relocation port (8002)" },
    OPT_END,
};
static const struct xm_option no_opts[] = { OPT_END };

static const struct xm_command commands[] = {
    { "create", "[-c] [-n] [-f FILE] <ConfigFile> [key=value ...]",
      "Create a domain from a config file.", create_opts, 0, -1,
      xm_cmd_create },
    { "list", "[-l|--long] [--json] [Domain ...]",
      "List domains.", list_opts, 0, -1, xm_cmd_list },
    { "console", "<Domain>", "Attach to a domain's console.", no_opts, 1, 1,
      xm_cmd_console },
    { "shutdown", "[-w] [-a] [Domain]", "Shut a domain down.",
      shutdown_opts, 0, 1, xm_cmd_shutdown },
    { "reboot", "[-w] [-a] [Domain]", "Reboot a domain.", shutdown_opts,
      0, 1, xm_cmd_reboot },
    { "destroy", "<Domain>", "Terminate a domain immediately.", no_opts,
      1, 1, xm_cmd_destroy },
    { "pause", "<Domain>", "Pause a domain.", no_opts, 1, 1, xm_cmd_pause },
    { "save", "[-c|--checkpoint] [-z|--compress] <Domain> <File>", "Save a domain's state "
      "to a file (and destroy it).", save_opts, 2, 2, xm_cmd_save },
    { "restore", "<File>", "Restore a domain from a saved state.", no_opts,
      1, 1, xm_cmd_restore },
    { "migrate", "[-l|--live] [-p|--port PORT] <Domain> <Host>",
      "Move a domain to another host's xend.", migrate_opts, 2, 2,
      xm_cmd_migrate },
    { "unpause", "<Domain>", "Unpause a paused domain.", no_opts, 1, 1,
      xm_cmd_unpause },
    { "info", "", "Information about the host.", no_opts, 0, 0,
      xm_cmd_info },
    { "dmesg", "[-c|--clear]", "The hypervisor's boot messages.",
      dmesg_opts, 0, 0, xm_cmd_dmesg },
    { "uptime", "[-s] [Domain ...]", "How long domains have run.",
      uptime_opts, 0, -1, xm_cmd_uptime },
    { "vcpu-list", "[Domain ...]", "The vCPUs of domains.", no_opts, 0, -1,
      xm_cmd_vcpu_list },
    { "block-list", "[-l|--long] <Domain>", "The virtual block devices of "
      "a domain.", block_list_opts, 1, 1, xm_cmd_block_list },
    { "block-attach", "<Domain> <BackDev> <FrontDev> <Mode> [BackDomain]",
      "Attach a disk to a running domain (file:/img xvdd w).", no_opts, 4,
      5, xm_cmd_block_attach },
    { "block-detach", "[-f|--force] <Domain> <DevId>", "Detach a disk "
      "(xvdd or its device number).", block_detach_opts, 2, 2,
      xm_cmd_block_detach },
    { "network-list", "[-l|--long] <Domain>", "The virtual network "
      "interfaces of a domain.", block_list_opts, 1, 1,
      xm_cmd_network_list },
    { "network-attach", "<Domain> [mac=<mac>] [bridge=<bridge>] "
      "[ip=<ip>] [script=<script>]", "Attach a network interface to a "
      "running domain.", no_opts, 1, -1, xm_cmd_network_attach },
    { "network-detach", "[-f|--force] <Domain> <DevId>", "Detach a network "
      "interface (its index).", block_detach_opts, 2, 2,
      xm_cmd_network_detach },
    { "vcpu-pin", "<Domain> <VCPU|all> <CPUs|all>",
      "Set which CPUs a vCPU may run on.", no_opts, 3, 3, xm_cmd_vcpu_pin },
    { "vcpu-set", "<Domain> <vCPUs>", "Set the number of online vCPUs.",
      no_opts, 2, 2, xm_cmd_vcpu_set },
    { "mem-set", "<Domain> <Mem>", "Set a domain's memory target.",
      no_opts, 2, 2, xm_cmd_mem_set },
    { "mem-max", "<Domain> <Mem>", "Set a domain's maximum memory.",
      no_opts, 2, 2, xm_cmd_mem_max },
    { "domid", "<DomainName>", "The id of a domain.", no_opts, 1, 1,
      xm_cmd_domid },
    { "domname", "<DomainId>", "The name of a domain.", no_opts, 1, 1,
      xm_cmd_domname },
    { "rename", "<Domain> <NewDomainName>", "Rename a domain.", no_opts,
      2, 2, xm_cmd_rename },
    { "sched-credit", "[-d Domain [-w Weight] [-c Cap]]",
      "Show or set credit scheduler parameters.", sched_opts, 0, 0,
      xm_cmd_sched_credit },
    { "log", "", "xend's log.", no_opts, 0, 0, xm_cmd_log },
    { "help", "[--long] [Command]", "This help.", help_opts, 0, 1,
      cmd_help },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int xm_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return XM_FAIL;
}

static const struct xm_command *find_command(const char *name)
{
    size_t i;

    for ( i = 0; i < NR_COMMANDS; i++ )
        if ( !strcmp(commands[i].name, name) )
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f, const struct xm_command *c, bool opts)
{
    const struct xm_option *o;
    char left[48];

    fprintf(f, "Usage: xm %s %s\n", c->name, c->usage);
    if ( !opts )
        return;
    fprintf(f, "\n%s\n", c->help);
    if ( c->opts[0].short_name )
        fputc('\n', f);
    for ( o = c->opts; o->short_name; o++ )
    {
        snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
                 o->long_name, o->arg ? "=" : "", o->arg ? o->arg : "");
        fprintf(f, "  %-30s %s\n", left, o->help);
    }
}

static int usage_error(const struct xm_command *c, const char *why)
{
    fprintf(stderr, "xm %s: %s\n", c->name, why);
    print_usage(stderr, c, false);
    return XM_USAGE;
}

/* getopt_long's tables from ours. */
static void build_getopt(const struct xm_option *opts, char *shorts,
                         struct option *longs)
{
    unsigned int i;

    /*
     * No '+': options may follow the positional arguments, as in Xen 3.
     * ':' first: a missing argument is told apart from an unknown option.
     */
    *shorts++ = ':';
    for ( i = 0; opts[i].short_name; i++ )
    {
        *shorts++ = opts[i].short_name;
        if ( opts[i].arg )
            *shorts++ = ':';
        longs[i].name = opts[i].long_name;
        longs[i].has_arg = opts[i].arg ? required_argument : no_argument;
        longs[i].flag = NULL;
        longs[i].val = opts[i].short_name;
    }
    *shorts = '\0';
    memset(&longs[i], 0, sizeof(longs[i]));
}

static int parse_args(const struct xm_command *c, int argc, char **argv,
                      struct xm_args *a)
{
    char shorts[64], why[96];
    struct option longs[16];
    int ch;

    memset(a, 0, sizeof(*a));
    build_getopt(c->opts, shorts, longs);
    opterr = 0;
    optind = 1;
    while ( (ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1 )
    {
        if ( ch == ':' )
            return usage_error(c, "an option is missing its argument");
        if ( ch == '?' || ch < 0 || ch >= 128 )
        {
            snprintf(why, sizeof(why), "unknown option '%s'",
                     argv[optind - 1]);
            return usage_error(c, why);
        }
        a->set[ch] = true;
        a->value[ch] = optarg;
    }
    a->pos = argv + optind;
    a->npos = argc - optind;
    if ( a->npos < c->min_pos )
        return usage_error(c, "missing argument");
    if ( c->max_pos >= 0 && a->npos > c->max_pos )
        return usage_error(c, "too many arguments");
    return XM_OK;
}

static int cmd_help(const struct xm_args *a)
{
    const struct xm_command *c;
    size_t i;

    if ( a->npos )
    {
        c = find_command(a->pos[0]);
        if ( !c )
            return xm_fail("xm help: unknown command '%s'", a->pos[0]);
        print_usage(stdout, c, true);
        return XM_OK;
    }
    printf("Usage: xm <subcommand> [args]\n\nSubcommands:\n");
    for ( i = 0; i < NR_COMMANDS; i++ )
    {
        if ( a->set['l'] )
        {
            putchar('\n');
            print_usage(stdout, &commands[i], true);
        }
        else
            printf("  %-14s %s\n", commands[i].name, commands[i].help);
    }
    printf("\n<Domain> is a domain's name or id.  `xm help <subcommand>` "
           "shows its options.\n");
    return XM_OK;
}

int main(int argc, char **argv)
{
    const struct xm_command *c;
    struct xm_args a;
    int rc;

    if ( argc < 2 )
    {
        struct xm_args none = { .npos = 0 };

        cmd_help(&none);
        return XM_USAGE;
    }
    if ( !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") )
        argv[1] = "help";
    c = find_command(argv[1]);
    if ( !c )
    {
        fprintf(stderr, "xm: unknown command '%s' (see `xm help`)\n",
                argv[1]);
        return XM_USAGE;
    }
    rc = parse_args(c, argc - 1, argv + 1, &a);
    if ( rc )
        return rc;
    return c->action(&a);
}
