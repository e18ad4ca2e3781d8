/* CRC-32 (IEEE 802.3, reflected), table-driven. */
#include <stdint.h>
#include <stddef.h>
#include "app.h"

static uint32_t table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

long demo_crc32(void)
{
    crc32_init();
    const unsigned char check[] = "123456789";
    uint32_t c = crc32_update(0, check, 9);    /* the standard check value: 0xcbf43926 */
    unsigned char buf[1000];
    for (int i = 0; i < 1000; i++)
        buf[i] = (unsigned char)(i * i + 3);
    uint32_t whole = crc32_update(0, buf, 1000);
    uint32_t split = crc32_update(crc32_update(0, buf, 400), buf + 400, 600);
    return (long)(c % 100000) * 10 + (whole == split) + (long)(whole % 1000) * 1000000;
}
