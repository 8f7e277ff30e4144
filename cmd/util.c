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

#include "jtext.h"
#include "grow.h"
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

static int json_lines;		/* --format json: warnx_ writes JSON lines */

/* The line when a diagnostic cannot be made into JSON: still one object
 * with every member cjm(7) lists. */
#define JSON_NOMEM "{\"file\":null,\"document\":null,\"line\":null," \
	"\"column\":null,\"level\":\"fatal\",\"code\":\"nomem\"," \
	"\"path\":\"\",\"message\":\"out of memory\",\"hint\":null}"

void
util_json_begin(void)
{
	json_lines = 1;
}

/* With --format json, a message as a diagnostic line of code "run" (a
 * system or usage error is no finding about an input: no file, no
 * place), so every line on standard error is one JSON object. */
static void
json_note(enum cjm_level level, const char *msg)
{
	cjm_diag d = { level, "run", NULL, 0, "", { 0, 0, 0 }, msg, NULL };
	json_t *o = cjm_diag_json(&d);
	char *s = o ? cjm_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	fprintf(stderr, "%s\n", s ? s : JSON_NOMEM);
	free(s);
	json_decref(o);
}

/* With --format json a message as a JSON line, with --format sarif into
 * the log (sarif.c), instead of a text line: its level from a leading
 * "note: " or "warning: ", else an error. 1 when so. */
static int
run_note(const char *msg)
{
	static const char *const levels[] = { "note", "warning", "error" };
	static const enum cjm_level lv[] = { CJM_NOTE, CJM_WARNING,
	    CJM_FATAL };
	size_t i, n = 0;

	for (i = 0; i < 2; i++) {
		n = strlen(levels[i]);
		if (strncmp(msg, levels[i], n) == 0 && strncmp(msg + n, ": ",
		    2) == 0)
			break;
	}
	if (i < 2)
		msg += n + 2;
	if (!json_lines)
		return util_sarif_note(levels[i], msg);
	json_note(lv[i], msg);
	return 1;
}

void
util_try_help(void)
{
	if (json_lines) {
		char buf[128];

		snprintf(buf, sizeof(buf), "try '%s --help'", progname);
		json_note(CJM_NOTE, buf);
	} else if (!util_sarif_try_help())
		fprintf(stderr, "Try '%s --help'.\n", progname);
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
	if (run_note(buf))
		return;
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
		s = cjm_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		return s;
	default:
		return cjm_diag_text(d);
	}
}


int
util_stream_is_log(const cjm_diags *ds)
{
	size_t i;

	for (i = 0; i < cjm_diags_count(ds); i++)
		if (strcmp(cjm_diags_get(ds, i)->code, "event-log") == 0)
			return 1;
	return 0;
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
			if (fmt == DIAG_JSON)
				fprintf(stderr, "%s\n", JSON_NOMEM);
			else
				fprintf(stderr, "%s: out of memory\n",
				    progname);
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
util_stdin_note(struct util_once *o, const char *path, const char *what)
{
	if (o->why[0] != '\0')
		return 1;
	if (path == NULL || strcmp(path, "-") != 0)
		return 0;
	if (o->first == NULL) {
		o->first = what;
		return 0;
	}
	snprintf(o->why, sizeof(o->why), "%s and %s cannot both be standard "
	    "input", o->first, strcmp(o->first, what) ? what : "another");
	return 1;
}

int
util_args_stdin_once(char *const *args, int n, const char *what)
{
	struct util_once once = { NULL, "" };
	int i;

	for (i = 0; i < n; i++)
		if (util_stdin_note(&once, args[i], what)) {
			warnx_("%s", once.why);
			util_try_help();
			return -1;
		}
	return 0;
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
		warnx_("write error on standard output: %s",
		    strerror(errno ? errno : EIO));
		return EXIT_USAGE;
	}
	util_sarif_status(status);
	return status;
}

/* ------------------------------------------------------------ outputs */

/*
 * Temporary files alive now, so a signal can remove them: the list is
 * changed with the signals blocked and read by the handler.
 */
static char **live;
static size_t live_cap;
static volatile sig_atomic_t nlive;
static const int out_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal(int sig)
{
	sig_atomic_t i;

	for (i = 0; i < nlive; i++)
		unlink(live[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
block_signals(int block, sigset_t *old)
{
	sigset_t set;
	size_t i;

	if (!block) {
		sigprocmask(SIG_SETMASK, old, NULL);
		return;
	}
	sigemptyset(&set);
	for (i = 0; i < sizeof(out_signals) / sizeof(out_signals[0]); i++)
		sigaddset(&set, out_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Catch the signals the first time (leaving an ignored one ignored, as
 * under nohup). */
static void
catch_signals(void)
{
	static int done;
	struct sigaction sa, old;
	size_t i;

	if (done++)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(out_signals) / sizeof(out_signals[0]); i++)
		if (sigaction(out_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(out_signals[i], &sa, NULL);
}

/*
 * A log file is memory-mapped (cjm_csv_borrow); if another program
 * truncates it while it is read, touching the lost pages raises SIGBUS.
 * End then as on any read error, with the file named and temporary
 * outputs removed, not with a core dump. Only async-signal-safe calls.
 */
static const char *volatile reading;

static void
say(const char *s)
{
	ssize_t w = write(2, s, strlen(s));

	(void)w;
}

static void
on_sigbus(int sig)
{
	sig_atomic_t i;

	(void)sig;
	for (i = 0; i < nlive; i++)
		unlink(live[i]);
	say(progname);
	say(": ");
	if (reading != NULL) {
		say(reading);
		say(": ");
	}
	say("read error: the file shrank while it was read (truncated or "
	    "rewritten by another program); read it when it is complete, or "
	    "a copy of it\n");
	_exit(EXIT_USAGE);
}

void
util_reading(const char *name)
{
	static int done;
	struct sigaction sa;

	reading = name;
	if (done++)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigfillset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

static int
live_add(char *tmp)
{
	sigset_t old;
	int st;

	catch_signals();
	block_signals(1, &old);
	st = cjm_grow(&live, &live_cap, (size_t)nlive, sizeof(*live), 8);
	if (st == 0)
		live[nlive++] = tmp;
	block_signals(0, &old);
	return st;
}

static void
live_remove(const char *tmp)
{
	sigset_t old;
	sig_atomic_t i;

	block_signals(1, &old);
	for (i = 0; i < nlive; i++)
		if (live[i] == tmp) {
			live[i] = live[--nlive];
			break;
		}
	block_signals(0, &old);
}

static int u_argc;
static char **u_argv;

void
util_args(int argc, char **argv)
{
	u_argc = argc;
	u_argv = argv;
}

/* Is argv[i] the value of -o/--output (and so not an input)? */
static int
is_output_arg(int i)
{
	const char *prev = i > 1 ? u_argv[i - 1] : "";

	return strcmp(prev, "-o") == 0 || strcmp(prev, "--output") == 0;
}

/* The file an argument names, if it names a regular file: the value of
 * --opt=VALUE, -oVALUE and --output=VALUE excepted. */
static int
arg_file(int i, struct stat *st)
{
	const char *a = u_argv[i], *eq;

	if (strncmp(a, "--output=", 9) == 0 || strncmp(a, "-o", 2) == 0)
		return -1;
	if (strncmp(a, "--", 2) == 0 && (eq = strchr(a, '=')) != NULL)
		a = eq + 1;
	return stat(a, st) == 0 && S_ISREG(st->st_mode) ? 0 : -1;
}

/* Is the file at path also an input: a file named among the arguments
 * (other than as -o's value) or standard input? Then writing it would
 * destroy what is being read. */
static int
is_input(const char *path)
{
	struct stat out, in;
	int i;

	if (stat(path, &out) != 0 || !S_ISREG(out.st_mode))
		return 0;
	if (fstat(STDIN_FILENO, &in) == 0 && in.st_dev == out.st_dev &&
	    in.st_ino == out.st_ino)
		return 1;
	for (i = 1; i < u_argc; i++)
		if (!is_output_arg(i) && arg_file(i, &in) == 0 &&
		    in.st_dev == out.st_dev && in.st_ino == out.st_ino)
			return 1;
	return 0;
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

/* The temporary file sits beside the target, so rename() is atomic. */
static int
out_open_tmp(util_out *o, const char *path)
{
	int fd = -1;

	o->path = strdup(path);
	if ((o->tmp = malloc(strlen(path) + 16)) != NULL)
		sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	if (o->path == NULL || o->tmp == NULL || live_add(o->tmp) != 0) {
		warnx_("out of memory");
		if (o->tmp != NULL)
			o->tmp[0] = '\0';
		util_out_abort(o);
		return -1;
	}
	if ((fd = mkstemp(o->tmp)) < 0 || (o->fp = fdopen(fd, "wb")) == NULL) {
		warnx_("%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		else
			o->tmp[0] = '\0';	/* made nothing to remove */
		util_out_abort(o);
		return -1;
	}
	return 0;
}

int
util_out_open(util_out *o, const char *path)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	if (is_input(path)) {
		warnx_("%s: is also an input; write the output to another "
		    "file", path);
		return -1;
	}
	/* A device or a pipe (/dev/null, a FIFO) is written in place: a
	 * temporary file renamed over it would replace the device. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return out_open_direct(o, path);
	return out_open_tmp(o, path);
}

int
util_out_put(const char *buf, size_t len, void *ctx)
{
	util_out *o = ctx;

	if (len > 0 && fwrite(buf, 1, len, o->fp) != len) {
		if (o->err == 0)
			o->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

/* The error to report: the first one seen while writing, else errno. */
static const char *
out_error(const util_out *o, int e)
{
	return strerror(o->err ? o->err : e ? e : EIO);
}

/* Standard output's errors are said once, by util_close_stdout. */
void
util_out_fail(util_out *o)
{
	if (o->fp != NULL && o->fp != stdout && (o->err || ferror(o->fp)))
		warnx_("%s: write error: %s", o->path, out_error(o, errno));
	util_out_abort(o);
}

void
util_out_abort(util_out *o)
{
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp != NULL) {
		if (o->tmp[0] != '\0')
			unlink(o->tmp);
		live_remove(o->tmp);
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

/* Flush, sync and close what was written; the file keeps its name (the
 * temporary one, or the device's). 0, or -1 when warned. */
static int
out_close(util_out *o)
{
	int bad = fflush(o->fp) != 0 || ferror(o->fp) || o->err, e = errno;

	/* mkstemp made it 0600; the file gets the mode a shell redirection
	 * would give it. The data is on disk before the name points at it,
	 * so a crash leaves the old file or the new, never an empty one. */
	if (!bad && o->tmp != NULL &&
	    (fchmod(fileno(o->fp), 0666 & ~current_umask()) != 0 ||
	    fsync(fileno(o->fp)) != 0))
		bad = 1, e = errno;
	if (fclose(o->fp) != 0 && !bad)
		bad = 1, e = errno;
	o->fp = NULL;
	if (bad)
		warnx_("%s: write error: %s", o->path, out_error(o, e));
	return bad ? -1 : 0;
}

/* Make the rename itself durable; a directory that cannot be synced
 * (some file systems) is no error. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : NULL;
	int fd = open(dir ? dir : ".", O_RDONLY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
util_out_finish(util_out *o)
{
	if (o->fp == stdout) {	/* util_close_stdout says what failed */
		if (fflush(stdout) != 0 || ferror(stdout) || o->err) {
			util_exit_if_epipe();
			return -1;
		}
		o->fp = NULL;
		return 0;
	}
	if (o->fp == NULL)
		return 0;
	if (out_close(o) != 0) {
		util_out_abort(o);
		return -1;
	}
	return 0;
}

int
util_out_rename(util_out *o)
{
	if (o->tmp != NULL && rename(o->tmp, o->path) != 0) {
		warnx_("%s: cannot replace it: %s", o->path, strerror(errno));
		util_out_abort(o);
		return -1;
	}
	if (o->tmp != NULL) {
		live_remove(o->tmp);
		sync_dir(o->path);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return 0;
}

int
util_out_commit(util_out *o)
{
	return util_out_finish(o) == 0 ? util_out_rename(o) : -1;
}

int
util_out_commit_all(util_out *set, size_t n, int ok)
{
	size_t i;

	for (i = 0; i < n && ok; i++)
		if (util_out_finish(&set[i]) != 0)
			ok = 0;
	for (i = 0; i < n; i++)
		if (!ok)
			util_out_abort(&set[i]);
		else if (util_out_rename(&set[i]) != 0)
			ok = 0;
	return ok ? 0 : -1;
}

const char *
util_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

FILE *
util_tmpfile(void)
{
	const char *dir = util_tmpdir();
	char *name;
	FILE *fp = NULL;
	int fd;
	if ((name = malloc(strlen(dir) + 16)) == NULL)
		return NULL;
	sprintf(name, "%s/cjm.XXXXXX", dir);
	if ((fd = mkstemp(name)) >= 0) {
		/* Unnamed at once: nothing is left behind, whatever ends us. */
		unlink(name);
		if ((fp = fdopen(fd, "w+b")) == NULL)
			close(fd);
	}
	free(name);
	return fp;
}
