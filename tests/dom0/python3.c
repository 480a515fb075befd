/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A python3 for dom0's test scripts: the interpreter xm already carries
 * (libpython3.11), behind a 16 KiB main, rather than a second 7 MiB copy
 * of it in Debian's /usr/bin/python3.11.
 */
#include <Python.h>

int main(int argc, char **argv)
{
    return Py_BytesMain(argc, argv);
}
