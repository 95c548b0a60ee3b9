/* libFuzzer target: the OOXML extractor (xlsx, docx, pptx) and the XML
 * reader behind it, fed with packages built from the input (fuzz_package.h). */
#include "fuzz_package.h"

/* The content-types part comes first in real packages; the extractor (and
 * libmagic) recognise OOXML by it and the part names that follow. */
static const char ctypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the file name's type: a tie-break only. */
    static const char *const names[] = {"fuzz.xlsx", "fuzz.docx", "fuzz.pptx", "fuzz.zip"};
    if (size == 0)
        return 0;
    fz_scan_package(names[data[0] & 3], "[Content_Types].xml", ctypes, data + 1, size - 1);
    return 0;
}
