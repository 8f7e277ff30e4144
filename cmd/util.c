/* util.c: the small shared part of the cjm tools' front ends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "util.h"

const char *progname = "cjm";

/* A standard stream started closed (prog <&-) would otherwise be the
 * number the next open() gets: the map file would then be read again as
 * "standard input", an empty log, and give a funnel of zeros. Hold the
 * place with /dev/null opened the wrong way, so that reading or writing
 * it fails (EBADF, a system error, exit 2) as the closed stream would. */
static void
hold_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			_exit(EXIT_USAGE);
}

void
util_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0 != NULL)
		progname = slash ? slash + 1 : argv0;
	/* A reader that goes away (| head) ends us quietly, as it does cat;
	 * the default action of SIGPIPE is that, so make sure it is set. */
	signal(SIGPIPE, SIG_DFL);
	hold_std_fds();
#ifdef __GLIBC__
	/* A map loads as a tree of many small jansson nodes. Freeing them
	 * through glibc's fastbins spends a fifth of a large validation in
	 * malloc_consolidate; without fastbins the whole run is 18% faster
	 * (bench/validate.sh, 33 MB map: 0.70 s to 0.57 s). */
	mallopt(M_MXFAST, 0);
#endif
}

void
warnx_(const char *fmt, ...)
{
	char buf[2048], *safe;
	va_list ap;

	/* What a message quotes (a file name, an option's value) comes
	 * from the user: escaped as diagnostics are, so it cannot start a
	 * line a CI runner takes as a command. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	safe = cjm_text_escape(buf);
	fprintf(stderr, "%s: %s\n", progname, safe ? safe : buf);
	free(safe);
}

int
util_diag_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		return DIAG_TEXT;
	if (strcmp(s, "json") == 0)
		return DIAG_JSON;
	if (strcmp(s, "github") == 0)
		return DIAG_GITHUB;
	if (strcmp(s, "sarif") == 0)
		return DIAG_SARIF;
	return -1;
}

static char *
diag_line(const cjm_diag *d, enum util_diag_format fmt)
{
	json_t *o;
	char *s;

	switch (fmt) {
	case DIAG_GITHUB:
		return cjm_diag_github(d);
	case DIAG_JSON:
		if ((o = cjm_diag_json(d)) == NULL)
			return NULL;
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		return s;
	default:
		return cjm_diag_text(d);
	}
}

int
util_diags_flush(cjm_diags *ds, enum util_diag_format fmt, int min_level)
{
	int worst = cjm_diags_worst(ds);
	size_t i, n = cjm_diags_count(ds);

	for (i = 0; i < n; i++) {
		const cjm_diag *d = cjm_diags_get(ds, i);
		char *line;

		if ((int)d->level < min_level)
			continue;
		if (fmt == DIAG_SARIF) {
			util_sarif_add(d);
			continue;
		}
		if ((line = diag_line(d, fmt)) == NULL) {
			fprintf(stderr, "%s: out of memory\n", progname);
			continue;
		}
		fprintf(stderr, "%s\n", line);
		free(line);
	}
	cjm_diags_clear(ds);
	return worst;
}

int
util_exit_status(int worst, int strict)
{
	if (worst >= CJM_FATAL)
		return EXIT_USAGE;
	if (worst >= CJM_ERROR || (strict && worst >= CJM_WARNING))
		return EXIT_DATA;
	return EXIT_OK;
}

int
util_parse_size(const char *s, size_t *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: return -1;
	}
	if (*end != '\0' || (v != 0 && mul > (unsigned long long)SIZE_MAX / v))
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

void
util_exit_if_epipe(void)
{
	if (errno == EPIPE)
		_exit(EXIT_OK);
}

int
util_close_stdout(int status)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (bad)
		util_exit_if_epipe();
	if (fclose(stdout) != 0 && !bad) {
		util_exit_if_epipe();
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, "%s: write error on standard output: %s\n",
		    progname, strerror(errno ? errno : EIO));
		return EXIT_USAGE;
	}
	return status;
}

static int
out_open_direct(util_out *o, const char *path)
{
	if ((o->fp = fopen(path, "wb")) == NULL) {
		warnx_("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	o->direct = 1;
	if ((o->path = strdup(path)) == NULL) {
		warnx_("out of memory");
		util_out_abort(o);
		return -1;
	}
	return 0;
}

int
util_out_open(util_out *o, const char *path)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	/* A device or a pipe (/dev/null, a FIFO) is written in place: a
	 * temporary file renamed over it would replace the device. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return out_open_direct(o, path);
	o->path = strdup(path);
	o->tmp = malloc(strlen(path) + 16);
	if (o->path == NULL || o->tmp == NULL) {
		warnx_("out of memory");
		util_out_abort(o);
		return -1;
	}
	/* The temporary file sits beside the target so rename() is atomic. */
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0 || (o->fp = fdopen(fd, "wb")) == NULL) {
		warnx_("%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		util_out_abort(o);
		return -1;
	}
	return 0;
}

void
util_out_abort(util_out *o)
{
	if (o->direct && o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL) {
		if (o->fp != NULL)
			fclose(o->fp);
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

/* umask() can only be read by setting it; set it straight back. */
static mode_t
current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

int
util_out_commit(util_out *o)
{
	int bad;

	if (o->direct) {
		bad = fflush(o->fp) != 0 || ferror(o->fp);
		if (fclose(o->fp) != 0)
			bad = 1;
		if (bad)
			warnx_("%s: write error: %s", o->path, strerror(errno));
		o->fp = NULL;
		util_out_abort(o);
		return bad ? -1 : 0;
	}
	if (o->tmp == NULL) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			util_exit_if_epipe();
			warnx_("write error on standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	bad = fflush(o->fp) != 0 || ferror(o->fp);
	/* mkstemp made it 0600; the file gets the mode a shell redirection
	 * would give it. */
	if (!bad && fchmod(fileno(o->fp), 0666 & ~current_umask()) != 0)
		bad = 1;
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (bad || rename(o->tmp, o->path) != 0) {
		warnx_("%s: write error: %s", o->path, strerror(errno));
		util_out_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	return 0;
}
