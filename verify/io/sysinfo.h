/* verify/io/sysinfo.h: the machine's cores and memory, for scheduling and refusals. */
#ifndef OVP_SYSINFO_H
#define OVP_SYSINFO_H

#include "status.h"

#include <stddef.h>

/* Online cores. */
int ovp_sysinfo_cores(void);

/* Memory available to a new allocation (MemAvailable of /proc/meminfo, else
 * physical memory), in bytes. */
double ovp_sysinfo_memory_available(void);

/* OVP_OK when `bytes` fits in available memory; otherwise OVP_EINVAL with a
 * message naming what needed it ("n = 1000, m = 1e6"). */
OVP_MUST_CHECK int ovp_sysinfo_check_memory(double bytes, const char *what, char *err, size_t errlen);

#endif
