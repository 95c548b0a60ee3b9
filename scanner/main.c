/*
 * exposcan: the command-line client, a thin client of the public library API
 * (include/exposcan/). Parses options, configures a scanner, hands each
 * record to the chosen reporter and maps the outcome to an exit status:
 * 0 nothing at or above --fail-on, 1 found, 2 usage/configuration/output
 * error, 130 interrupted.
 */
#include "exposcan/exposcan.h"
#include "progress.h"
#include "report.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "exposcan"

enum exit_code {
    EXIT_CLEAN = 0,
    EXIT_FOUND = 1,
    EXIT_ERROR = 2,
    /* 128 + SIGINT, as a shell reports a job killed by Ctrl-C; used for
     * SIGTERM too, so "interrupted, partial report" has one status. */
    EXIT_INTERRUPTED = 130,
};

/* More threads than this only adds contention; it also catches typos. */
#define MAX_JOBS 1024
/* A --files-from list larger than this is surely not a list of paths. */
#define MAX_LIST_BYTES (1024ull * 1024ull * 1024ull)

/* Set once before the handlers are installed and never changed while they are. */
static struct es_scanner *volatile g_scanner;
static volatile sig_atomic_t g_signalled;

/* The state the record callback needs. */
struct cli {
    struct es_report report;
    struct es_progress_line *progress;
    int hold_progress;   /* the report goes to the terminal the progress line is on */
    int fail_on;         /* lowest risk that makes the exit status 1; -1: never */
    int found;
};

static void usage_hint(void)
{
    fprintf(stderr, "Try '" PROG " --help' for more information.\n");
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, PROG ": ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    usage_hint();
    return EXIT_ERROR;
}

/* Close stdout and say whether everything written to it arrived. */
static int finish_stdout(void)
{
    errno = 0;
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad) {
        fprintf(stderr, PROG ": error writing to standard output: %s\n",
                err ? strerror(err) : "I/O error");
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

static const char help_text[] =
    "Usage: " PROG " scan [OPTIONS] PATH...\n"
    "       " PROG " detectors\n"
    "       " PROG " --help | --version\n"
    "\n"
    "Scan files, directories or standard input ('-') for personal data and\n"
    "report, per file and archive member, what was found and where.\n"
    "\n"
    "Options of scan:\n"
    "  -f, --format FORMAT      text (default), jsonl or json\n"
    "  -o, --output FILE        write the report to FILE instead of standard output\n"
    "  -j, --jobs N             worker threads (default 0: the online CPUs)\n"
    "      --only LIST          run only these detectors (comma-separated ids)\n"
    "      --except LIST        run all detectors except these\n"
    "      --show-data          show found values unmasked (masked by default)\n"
    "      --fail-on LEVEL      exit 1 when a file's risk is at least LEVEL:\n"
    "                           none (never), low, medium (default) or high\n"
    "      --exclude GLOB       skip files and directories matching GLOB (repeatable)\n"
    "      --files-from FILE    read paths from FILE ('-': standard input), one per\n"
    "                           line or NUL-separated (as find -print0 writes)\n"
    "      --max-filesize SIZE  skip files larger than SIZE (suffixes K, M, G, T)\n"
    "      --limit NAME=VALUE   set a limit against hostile input (repeatable); NAME is\n"
    "                           one of the names listed below\n"
    "      --follow-symlinks    follow symbolic links (loops are detected)\n"
    "      --one-file-system    do not cross file-system boundaries\n"
    "  -q, --quiet              no progress line\n"
    "  -v, --verbose            text format: list files without findings too\n"
    "      --color WHEN         colour the text report: auto (default), always, never\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 nothing at or above --fail-on, 1 found, 2 usage, configuration\n"
    "or output error (a PATH that does not exist included), 130 interrupted (the\n"
    "report ends with a partial summary).\n";

static int print_help(void)
{
    fputs(help_text, stdout);
    fputs("\nLimits:", stdout);
    for (int i = 0; i < ES_NLIMITS; i++)
        printf(" %s", es_limit_name((enum es_limit)i));
    fputs("\n", stdout);
    return finish_stdout();
}

static int print_version(void)
{
    printf(PROG " %s\n", es_version());
    return finish_stdout();
}

static int list_detectors(void)
{
    size_t n = es_detector_count();
    for (size_t i = 0; i < n; i++)
        printf("%-14s %s\n", es_detector_id(i), es_detector_description(i));
    return finish_stdout();
}

/* Parse a decimal count with an optional K/M/G/T suffix (powers of 1024),
 * optionally followed by "B" or "iB". @return 0 or -1 */
static int parse_size(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    default: break;
    }
    if (shift && end[0] == 'i' && end[1] == 'B')
        end += 2;
    else if (*end == 'B')
        end++;
    if (*end != '\0')
        return -1;
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static int parse_jobs(const char *s, unsigned *out)
{
    uint64_t v;
    /* Plain digits only: "4K" jobs is a mistake, not a size. */
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    if (parse_size(s, &v) != 0 || v > MAX_JOBS)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Name the first id in a comma-separated list that is not a detector. */
static int check_detector_list(const char *opt, const char *list)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int known = 0;
        for (size_t i = 0; i < es_detector_count(); i++) {
            const char *id = es_detector_id(i);
            if (strlen(id) == len && memcmp(id, p, len) == 0)
                known = 1;
        }
        if (!known && len) {
            fprintf(stderr, PROG ": %s: unknown detector '%.*s' (see '" PROG " detectors')\n",
                    opt, (int)len, p);
            return -1;
        }
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

static int set_limit(struct es_config *cfg, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return usage_error("--limit: expected NAME=VALUE, got '%s'", arg);
    size_t len = (size_t)(eq - arg);
    for (int i = 0; i < ES_NLIMITS; i++) {
        const char *name = es_limit_name((enum es_limit)i);
        if (strlen(name) != len || memcmp(name, arg, len) != 0)
            continue;
        uint64_t v;
        if (parse_size(eq + 1, &v) != 0)
            return usage_error("--limit: invalid value in '%s'", arg);
        if (es_config_set_limit(cfg, (enum es_limit)i, v) != ES_OK)
            return usage_error("--limit: value not accepted in '%s'", arg);
        return EXIT_CLEAN;
    }
    fprintf(stderr, PROG ": --limit: unknown limit '%.*s'; known:", (int)len, arg);
    for (int i = 0; i < ES_NLIMITS; i++)
        fprintf(stderr, " %s", es_limit_name((enum es_limit)i));
    fputc('\n', stderr);
    return EXIT_ERROR;
}

/* A growable array of path pointers. */
struct paths {
    const char **v;
    size_t n, cap;
};

static int paths_add(struct paths *ps, const char *p)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;   /* most runs name a few paths */
        const char **v = realloc(ps->v, cap * sizeof *v);
        if (!v)
            return -1;
        ps->v = v;
        ps->cap = cap;
    }
    ps->v[ps->n++] = p;
    return 0;
}

/* Read a --files-from list. NUL-separated when it holds any NUL byte (a file
 * name cannot contain one), else one path per line. *buf keeps the strings. */
static int read_list(const char *name, struct paths *ps, char **buf)
{
    FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    if (!f) {
        fprintf(stderr, PROG ": --files-from: cannot open '%s': %s\n", name, strerror(errno));
        return -1;
    }
    size_t len = 0, cap = 0;
    char *data = NULL;
    int rc = -1;
    for (;;) {
        if (cap - len < 4096) {   /* keep at least a page free for fread */
            size_t ncap = cap ? cap * 2 : 65536;   /* 64 KiB holds a typical list */
            if (ncap > MAX_LIST_BYTES) {
                fprintf(stderr, PROG ": --files-from: '%s' is too large\n", name);
                goto done;
            }
            char *p = realloc(data, ncap + 1);
            if (!p)
                goto nomem;
            data = p;
            cap = ncap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, PROG ": --files-from: error reading '%s'\n", name);
                goto done;
            }
            break;
        }
    }
    if (!data && !(data = malloc(1)))
        goto nomem;
    data[len] = '\0';
    int nul = memchr(data, '\0', len) != NULL;
    char *p = data, *end = data + len;
    while (p < end) {
        char *sep = memchr(p, nul ? '\0' : '\n', (size_t)(end - p));
        char *e = sep ? sep : end;
        *e = '\0';
        /* CRLF lists from Windows tools: the CR is not part of the name. */
        if (!nul && e > p && e[-1] == '\r')
            e[-1] = '\0';
        if (*p && paths_add(ps, p) != 0)
            goto nomem;
        p = e + 1;
    }
    *buf = data;
    data = NULL;
    rc = 0;
    goto done;
nomem:
    fprintf(stderr, PROG ": out of memory\n");
done:
    free(data);
    if (f != stdin)
        fclose(f);
    return rc;
}

static void on_signal(int sig)
{
    (void)sig;
    g_signalled = 1;
    struct es_scanner *sc = g_scanner;
    if (sc)
        es_scanner_interrupt(sc);
    /* A second Ctrl-C stops at once, for a scan that does not wind down. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void set_signals(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    /* Restart the report's writes rather than fail them with EINTR. */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int on_record(void *ctx, const struct es_record *rec)
{
    struct cli *c = ctx;
    if (c->fail_on >= 0 && (int)es_record_risk(rec) >= c->fail_on)
        c->found = 1;
    if (c->hold_progress)
        es_progress_hold(c->progress);
    int rc = c->report.ops->record(&c->report, rec);
    if (c->hold_progress)
        es_progress_release(c->progress);
    /* The report is broken (disk full, closed pipe): scanning on is pointless. */
    return rc == 0 ? ES_OK : ES_STOP;
}

enum {
    OPT_ONLY = 256, OPT_EXCEPT, OPT_SHOW_DATA, OPT_FAIL_ON, OPT_EXCLUDE, OPT_FILES_FROM,
    OPT_MAX_FILESIZE, OPT_LIMIT, OPT_FOLLOW, OPT_ONE_FS, OPT_COLOR,
};

static const struct option scan_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    {"only", required_argument, NULL, OPT_ONLY},
    {"except", required_argument, NULL, OPT_EXCEPT},
    {"show-data", no_argument, NULL, OPT_SHOW_DATA},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"max-filesize", required_argument, NULL, OPT_MAX_FILESIZE},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
    {"one-file-system", no_argument, NULL, OPT_ONE_FS},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int want_color(const char *when, FILE *out)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    /* auto: a terminal that is not "dumb", unless NO_COLOR is set (no-color.org). */
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(fileno(out)) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

static int cmd_scan(int argc, char **argv)
{
    struct es_config *cfg = es_config_new();
    struct es_scanner *sc = NULL;
    struct paths ps = {0};
    char *list_buf = NULL;
    const struct es_reporter *ops = &es_rp_text;
    const char *output = NULL, *color = "auto", *files_from = NULL;
    struct cli c;
    memset(&c, 0, sizeof c);
    c.fail_on = ES_RISK_MEDIUM;
    int quiet = 0, verbose = 0, status = EXIT_ERROR, opened = 0;

    if (!cfg) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_ERROR;
    }
    int opt;
    while ((opt = getopt_long(argc, argv, "f:o:j:qvh", scan_options, NULL)) != -1) {
        uint64_t size;
        unsigned jobs;
        enum es_risk risk;
        switch (opt) {
        case 'f':
            if (!(ops = es_reporter_find(optarg))) {
                status = usage_error("--format: expected text, jsonl or json, got '%s'", optarg);
                goto done;
            }
            break;
        case 'o': output = optarg; break;
        case 'j':
            if (parse_jobs(optarg, &jobs) != 0) {
                status = usage_error("--jobs: expected a number from 0 to 1024, got '%s'", optarg);
                goto done;
            }
            es_config_set_jobs(cfg, jobs);
            break;
        case OPT_ONLY:
        case OPT_EXCEPT: {
            const char *name = opt == OPT_ONLY ? "--only" : "--except";
            if (check_detector_list(name, optarg) != 0) {
                usage_hint();
                goto done;
            }
            int rc = opt == OPT_ONLY ? es_config_only(cfg, optarg) : es_config_except(cfg, optarg);
            if (rc != ES_OK) {
                fprintf(stderr, PROG ": %s '%s': %s\n", name, optarg, es_strerror(rc));
                goto done;
            }
            break;
        }
        case OPT_SHOW_DATA: es_config_show_data(cfg, 1); break;
        case OPT_FAIL_ON:
            if (es_risk_parse(optarg, &risk) != 0) {
                status = usage_error("--fail-on: expected none, low, medium or high, got '%s'", optarg);
                goto done;
            }
            c.fail_on = risk == ES_RISK_NONE ? -1 : (int)risk;
            break;
        case OPT_EXCLUDE:
            if (es_config_add_exclude(cfg, optarg) != ES_OK) {
                status = usage_error("--exclude: invalid pattern '%s'", optarg);
                goto done;
            }
            break;
        case OPT_FILES_FROM: files_from = optarg; break;
        case OPT_MAX_FILESIZE:
            if (parse_size(optarg, &size) != 0) {
                status = usage_error("--max-filesize: expected a size such as 100M, got '%s'", optarg);
                goto done;
            }
            es_config_set_limit(cfg, ES_LIMIT_FILESIZE, size);
            break;
        case OPT_LIMIT:
            if ((status = set_limit(cfg, optarg)) != EXIT_CLEAN)
                goto done;
            status = EXIT_ERROR;
            break;
        case OPT_FOLLOW: es_config_follow_symlinks(cfg, 1); break;
        case OPT_ONE_FS: es_config_one_file_system(cfg, 1); break;
        case 'q': quiet = 1; break;
        case 'v': verbose = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                status = usage_error("--color: expected auto, always or never, got '%s'", optarg);
                goto done;
            }
            color = optarg;
            break;
        case 'h':
            status = print_help();
            goto done;
        default:   /* getopt_long has printed what was wrong */
            usage_hint();
            goto done;
        }
    }
    for (int i = optind; i < argc; i++)
        if (paths_add(&ps, argv[i]) != 0) {
            fprintf(stderr, PROG ": out of memory\n");
            goto done;
        }
    if (files_from) {
        if (strcmp(files_from, "-") == 0)
            for (size_t i = 0; i < ps.n; i++)
                if (strcmp(ps.v[i], "-") == 0) {
                    status = usage_error("%s", "standard input cannot be both --files-from and a PATH");
                    goto done;
                }
        if (read_list(files_from, &ps, &list_buf) != 0)
            goto done;
    } else if (ps.n == 0) {
        status = usage_error("%s", "scan: no PATH given");
        goto done;
    }

    FILE *out = stdout;
    if (output) {
        out = fopen(output, "wb");
        if (!out) {
            fprintf(stderr, PROG ": cannot open '%s' for writing: %s\n", output, strerror(errno));
            goto done;
        }
    }
    opened = 1;
    (void)es_config_set_report_fd(cfg, fileno(out));   /* not examinable: nothing to skip */
    es_report_init(&c.report, ops, out, output ? output : "standard output");
    c.report.color = ops == &es_rp_text && want_color(color, out);
    c.report.verbose = verbose;

    char err[256];   /* es_scanner_new's message: one line */
    err[0] = '\0';
    int rc = es_scanner_new(cfg, &sc, err, sizeof err);
    if (rc != ES_OK) {
        fprintf(stderr, PROG ": cannot start the scanner: %s\n", err[0] ? err : es_strerror(rc));
        goto done;
    }
    g_scanner = sc;
    set_signals(on_signal);

    if (!quiet && isatty(STDERR_FILENO)) {
        c.progress = es_progress_start(sc, STDERR_FILENO);
        c.hold_progress = c.progress && isatty(fileno(out));
    }
    /* A path that does not exist is a usage error (a typo must not pass a
     * pre-upload gate as "nothing found"); it still gets its error record. */
    int missing = 0;
    for (size_t i = 0; i < ps.n; i++) {
        struct stat st;
        if (strcmp(ps.v[i], "-") != 0 && lstat(ps.v[i], &st) != 0 && errno == ENOENT) {
            fprintf(stderr, PROG ": %s: no such file or directory\n", ps.v[i]);
            missing = 1;
        }
    }
    int scan_rc = ES_OK;
    if (ops->begin(&c.report) == 0)
        scan_rc = es_scan_paths(sc, ps.v, ps.n, on_record, &c);
    es_progress_stop(c.progress);
    c.progress = NULL;
    if (!c.report.failed)
        ops->end(&c.report, es_scanner_summary(sc));
    opened = 0;
    if (es_report_close(&c.report) != 0) {
        fprintf(stderr, PROG ": error writing the report to %s: %s\n", c.report.out_name,
                es_report_error(&c.report));
        status = EXIT_ERROR;
    } else if (scan_rc < 0 && scan_rc != ES_ERR_INTERRUPTED) {
        fprintf(stderr, PROG ": scan failed: %s\n", es_strerror(scan_rc));
        status = EXIT_ERROR;
    } else if (scan_rc == ES_ERR_INTERRUPTED || g_signalled ||
               es_summary_interrupted(es_scanner_summary(sc))) {
        fprintf(stderr, PROG ": interrupted; the report is partial\n");
        status = EXIT_INTERRUPTED;
    } else if (missing) {
        status = EXIT_ERROR;
    } else {
        status = c.found ? EXIT_FOUND : EXIT_CLEAN;
    }

done:
    if (opened)
        es_report_close(&c.report);
    if (sc) {
        /* No handler may touch the scanner once it is freed. */
        set_signals(SIG_IGN);
        g_scanner = NULL;
        es_scanner_free(sc);
    }
    es_config_free(cfg);
    free(ps.v);
    free(list_buf);
    return status;
}

int main(int argc, char **argv)
{
    /* A closed pipe must show up as a failed write (EPIPE), exit 2, not kill us silently. */
    signal(SIGPIPE, SIG_IGN);
    /* libzip converts every member's DOS time with mktime(); without TZ set,
     * glibc stats /etc/localtime on each call (7 system calls per member).
     * exposcan prints no local times, so UTC costs nothing. */
    setenv("TZ", "UTC", 0);
    if (argc < 2) {
        fprintf(stderr, "Usage: " PROG " scan [OPTIONS] PATH...\n");
        usage_hint();
        return EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return print_help();
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0)
        return print_version();
    if (strcmp(cmd, "detectors") == 0) {
        if (argc > 2)
            return usage_error("detectors: unexpected argument '%s'", argv[2]);
        return list_detectors();
    }
    if (strcmp(cmd, "scan") == 0) {
        /* getopt_long prints argv[0] in its messages: make it the program name. */
        argv[1] = PROG;
        return cmd_scan(argc - 1, argv + 1);
    }
    return usage_error("unknown command '%s' (expected scan or detectors)", cmd);
}
