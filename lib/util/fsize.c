/* fsize.c: what is left of a regular file from where it is read. */
#include <sys/stat.h>
#include <unistd.h>

#include "fsize.h"

static size_t
rest(int fd, off_t at)
{
	struct stat st;

	if (at < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= at)
		return 0;
	return (size_t)(st.st_size - at);
}

size_t
cjm_fd_rest(int fd)
{
	return rest(fd, fd < 0 ? -1 : lseek(fd, 0, SEEK_CUR));
}

size_t
cjm_fp_rest(FILE *fp)
{
	return rest(fileno(fp), ftello(fp));
}
