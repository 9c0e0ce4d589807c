/* verify/io/sysinfo.c: cores and memory from sysconf and /proc/meminfo. */
#include "sysinfo.h"
#include "status.h"

#include <stdio.h>
#include <unistd.h>

int ovp_sysinfo_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

double ovp_sysinfo_memory_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    double kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    if (kb > 0)
        return kb * 1024.0;
    return (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
}

int ovp_sysinfo_check_memory(double bytes, const char *what, char *err, size_t errlen)
{
    double avail = ovp_sysinfo_memory_available();
    if (bytes <= avail)
        return OVP_OK;
    snprintf(err, errlen, "%s needs about %.3g GB but %.3g GB are available; refusing before allocating",
             what, bytes / 1e9, avail / 1e9);
    return OVP_EINVAL;
}
