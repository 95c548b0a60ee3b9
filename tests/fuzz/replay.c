/*
 * A standalone driver for the fuzz harnesses (ClamAV fuzz/): replays files,
 * or every file in directories, through LLVMFuzzerTestOneInput without
 * libFuzzer, so crash reproducers (tests/regress/<target>/) run in every
 * build, the ASan one included. Exit 0 when every input ran; a crash or a
 * broken invariant aborts.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX (64u * 1024u * 1024u)   /* a reproducer is small; refuse anything absurd */

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    unsigned char *buf = malloc(REPLAY_MAX);
    size_t n = buf ? fread(buf, 1, REPLAY_MAX, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (!bad) {
        printf("replay %s (%zu bytes)\n", path, n);
        fflush(stdout);
        LLVMFuzzerTestOneInput(buf, n);
    }
    free(buf);
    return bad ? -1 : 0;
}

static int replay(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path);
    struct dirent **ents = NULL;
    int n = scandir(path, &ents, NULL, alphasort);
    if (n < 0) {
        perror(path);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (ents[i]->d_name[0] != '.') {
            char sub[4096];
            if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, ents[i]->d_name) < sizeof sub &&
                replay(sub) != 0)
                rc = -1;
        }
        free(ents[i]);
    }
    free(ents);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (replay(argv[i]) != 0)
            rc = 1;
    return rc;
}
