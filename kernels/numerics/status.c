/* kernels/numerics/status.c: the kernel status strings and the last LAPACK info code. */
#include "status.h"

static _Thread_local int last_lapack_info;

const char *ovp_status_str(int status)
{
    switch (status) {
    case OVP_OK: return "success";
    case OVP_EINVAL: return "invalid argument";
    case OVP_ENOMEM: return "out of memory";
    case OVP_ELAPACK: return "LAPACK routine failed";
    case OVP_EDOM: return "argument outside the domain";
    case OVP_EDATA: return "malformed or degenerate data";
    default: return "unknown error";
    }
}

int ovp_status_lapack_info(void) { return last_lapack_info; }
void ovp_status_set_lapack_info(int info) { last_lapack_info = info; }

int ovp_status_from_lapack(int info)
{
    if (info == 0)
        return OVP_OK;
    ovp_status_set_lapack_info(info);
    return OVP_ELAPACK;
}
