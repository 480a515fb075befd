/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 16550 UART console driver.  Configured from the command line with
 * Xen's syntax, com1=<baud>[,<data><parity><stop>[,<io-base>[,<irq>]]]
 * (e.g. com1=115200,8n1), baud "auto" keeping what the firmware set, and
 * enabled as a console by console=com1 (or com2).  Output is polled: the
 * console must work from any context, including panic with interrupts
 * off.  Input is polled too, from the keyhandler's timer.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/param.h>
#include <asm/processor.h>

#define UART_CLOCK_HZ   1843200
#define UART_RBR        0       /* receive buffer (DLAB=0) */
#define UART_THR        0       /* transmit holding (DLAB=0) */
#define UART_DLL        0       /* divisor low (DLAB=1) */
#define UART_IER        1
#define UART_DLM        1       /* divisor high (DLAB=1) */
#define UART_FCR        2
#define UART_LCR        3
#define UART_MCR        4
#define UART_LSR        5
#define  LCR_DLAB       0x80
#define  LSR_DR         0x01    /* data ready */
#define  LSR_THRE       0x20    /* transmit holding register empty */
#define  MCR_DTR_RTS    0x03
#define  FCR_ENABLE     0x07    /* enable and clear both FIFOs */

struct uart {
    uint16_t io_base;
    unsigned int baud;          /* 0: keep the firmware's setting */
    uint8_t lcr;                /* data bits, parity, stop bits */
    bool configured;
};

static struct uart uarts[2] = {
    { .io_base = 0x3f8, .lcr = 0x03 },
    { .io_base = 0x2f8, .lcr = 0x03 },
};
static struct uart *console_uart;

static char opt_console[32] = "com1";
string_param("console", opt_console);

/* "8n1" and friends: data bits 5-8, parity n/o/e/m/s, stop bits 1-2. */
static int parse_dps(struct uart *u, const char *s)
{
    static const char parities[] = "noems";
    const char *p;

    if ( s[0] < '5' || s[0] > '8' || !s[1] || !s[2] ||
         !(p = strchr(parities, s[1])) || (s[2] != '1' && s[2] != '2') )
        return -1;
    u->lcr = (s[0] - '5') | ((s[2] - '1') << 2);
    if ( p != parities )
        u->lcr |= 0x08 | ((p - parities - 1) << 4);
    return 0;
}

static int parse_com(struct uart *u, const char *val)
{
    const char *s = val;

    if ( !strncmp(s, "auto", 4) )
        s += 4;
    else
        u->baud = simple_strtoul(s, &s, 10);
    if ( *s == '/' )                /* base baud: ignored, we assume 1.8432 */
        simple_strtoul(s + 1, &s, 10);
    if ( *s == ',' && s[1] != ',' )
    {
        if ( parse_dps(u, s + 1) )
            return -1;
        s += 4;
    }
    if ( *s == ',' )
    {
        s++;
        if ( *s != ',' && *s )
            u->io_base = simple_strtoul(s, &s, 0);
    }
    u->configured = true;
    return 0;
}

static int parse_com1(const char *val)
{
    return parse_com(&uarts[0], val);
}
custom_param("com1", parse_com1);

static int parse_com2(const char *val)
{
    return parse_com(&uarts[1], val);
}
custom_param("com2", parse_com2);

static void uart_putc(const struct uart *u, char c)
{
    unsigned int spins = 100000;

    while ( !(inb(u->io_base + UART_LSR) & LSR_THRE) && --spins )
        cpu_relax();
    outb(c, u->io_base + UART_THR);
}

static void serial_write(const char *s, size_t len)
{
    for ( ; len; len--, s++ )
    {
        if ( *s == '\n' )
            uart_putc(console_uart, '\r');
        uart_putc(console_uart, *s);
    }
}

static const struct console_driver serial_driver = {
    .name = "serial",
    .write = serial_write,
};

static void uart_setup(const struct uart *u)
{
    outb(0, u->io_base + UART_IER);             /* polled */
    if ( u->baud )
    {
        unsigned int div = UART_CLOCK_HZ / 16 / u->baud;

        outb(LCR_DLAB, u->io_base + UART_LCR);
        outb(div & 0xff, u->io_base + UART_DLL);
        outb(div >> 8, u->io_base + UART_DLM);
    }
    outb(u->lcr, u->io_base + UART_LCR);
    outb(FCR_ENABLE, u->io_base + UART_FCR);
    outb(MCR_DTR_RTS, u->io_base + UART_MCR);
}

int serial_getc(void)
{
    if ( !console_uart ||
         !(inb(console_uart->io_base + UART_LSR) & LSR_DR) )
        return -1;
    return inb(console_uart->io_base + UART_RBR);
}

void console_init_preirq(void)
{
    if ( strstr(opt_console, "com2") )
        console_uart = &uarts[1];
    else if ( strstr(opt_console, "com1") )
        console_uart = &uarts[0];
    if ( !console_uart )
        return;
    uart_setup(console_uart);
    console_register(&serial_driver);
}
