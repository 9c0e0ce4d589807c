/* verify/io/runstatus.c: the words for every status, and statuses to exit codes. */
#include "runstatus.h"

const char *ovp_runstatus_text(int status)
{
    switch (status) {
    case OVP_EIO: return "input/output error";
    case OVP_EPARTIAL: return "partial result (one shard of the tasks)";
    case OVP_ESTALE: return "saved result of another run (another key)";
    case OVP_EBUSY: return "in use by another process";
    default: return ovp_status_str(status);
    }
}

int ovp_runstatus_exit_code(int status)
{
    if (status == OVP_OK)
        return 0;
    return status == OVP_EINVAL || status == OVP_EDATA || status == OVP_EDOM ? OVP_EXIT_USAGE : OVP_EXIT_RUNTIME;
}

int ovp_runstatus_exit_severity(int code)
{
    switch (code) {
    case 0: return 0;
    case OVP_EXIT_EMPIRICAL: return 1; /* below FAIL: no theorem was contradicted */
    case OVP_EXIT_FAIL: return 2;
    case OVP_EXIT_USAGE: return 3;
    case OVP_EXIT_RUNTIME: return 4;
    default: return 5;
    }
}

int ovp_runstatus_exit_worst(int a, int b)
{
    return ovp_runstatus_exit_severity(b) > ovp_runstatus_exit_severity(a) ? b : a;
}
