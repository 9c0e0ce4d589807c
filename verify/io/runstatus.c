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
