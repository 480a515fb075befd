/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ACPI_PRIVATE_H
#define ACPI_PRIVATE_H

/* Table parsers: each takes a mapped, checksummed table. */
void acpi_parse_madt(const void *table);
void acpi_parse_fadt(const void *table);

#endif /* ACPI_PRIVATE_H */
