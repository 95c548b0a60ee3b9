/* Status and enum names. */
#include "exposcan/exposcan.h"

#include <string.h>

const char *es_strerror(int status)
{
    switch (status) {
    case ES_OK: return "success";
    case ES_STOP: return "stopped";
    case ES_ERR_NOMEM: return "out of memory";
    case ES_ERR_IO: return "input/output error";
    case ES_ERR_ARG: return "invalid argument";
    case ES_ERR_PATTERN: return "pattern compilation failed";
    case ES_ERR_FORMAT: return "malformed input";
    case ES_ERR_ENCRYPTED: return "encrypted";
    case ES_ERR_LIMIT: return "limit reached";
    case ES_ERR_INTERRUPTED: return "interrupted";
    case ES_ERR_OUTPUT: return "output error";
    case ES_ERR_UNSUPPORTED: return "unsupported";
    default: return "unknown error";
    }
}

const char *es_version(void)
{
    return ES_VERSION_STR;
}

const char *es_rec_status_name(enum es_rec_status s)
{
    static const char *const names[] = {"ok", "error", "skipped", "encrypted", "limit"};
    return (unsigned)s < ES_REC_NSTATUS ? names[s] : "error";
}

static const char *const risk_names[] = {"none", "low", "medium", "high"};

const char *es_risk_name(enum es_risk r)
{
    return (unsigned)r < ES_NRISK ? risk_names[r] : "none";
}

int es_risk_parse(const char *name, enum es_risk *out)
{
    for (unsigned i = 0; i < ES_NRISK; i++)
        if (strcmp(name, risk_names[i]) == 0) {
            *out = (enum es_risk)i;
            return 0;
        }
    return -1;
}

const char *es_confidence_name(enum es_confidence c)
{
    return c == ES_CONF_HIGH ? "high" : c == ES_CONF_MEDIUM ? "medium" : "low";
}
