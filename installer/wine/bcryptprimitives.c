/* A stand-in bcryptprimitives.dll for Wine 8, which lacks it: Go ≥ 1.22
 * gets its randomness from ProcessPrng there and cannot start without it.
 * It forwards to RtlGenRandom (advapi32's SystemFunction036). For smoke
 * tests under Wine only: never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
