//go:build windows

package winfix

/*
#include <stdlib.h>
#include <string.h>

// __intrinsic_setjmpex(buf, frame) has msvcrt's _setjmpex signature. It
// must be a jump, not a call: setjmp records its caller's frame, and a C
// wrapper's frame is gone once it returns.
__asm__(
	".text\n"
	".globl __intrinsic_setjmpex\n"
	"__intrinsic_setjmpex:\n"
	"	jmp _setjmpex\n");

// The fortify helpers check the destination size the compiler knew, then
// do the plain operation; an overflow aborts as glibc's and libssp's do.
void __chk_fail(void) { abort(); }

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen) {
	if (n > dstlen) __chk_fail();
	return memcpy(dst, src, n);
}

void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen) {
	if (n > dstlen) __chk_fail();
	return memmove(dst, src, n);
}

void *__memset_chk(void *dst, int c, size_t n, size_t dstlen) {
	if (n > dstlen) __chk_fail();
	return memset(dst, c, n);
}

char *__strcat_chk(char *dst, const char *src, size_t dstlen) {
	if (strlen(dst) + strlen(src) + 1 > dstlen) __chk_fail();
	return strcat(dst, src);
}
*/
import "C"
