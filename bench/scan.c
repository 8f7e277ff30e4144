/* scan.c: the parsing floor: read every libyaml event of a file, do nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The same buffered file input cjm-validate gets, so the bench compares
 * the work done per event and not the way bytes arrive. */
static int
scan(FILE *f, const char *name)
{
	yaml_parser_t p;
	yaml_event_t ev;
	unsigned long n = 0;
	int done = 0;

	if (!yaml_parser_initialize(&p)) {
		fprintf(stderr, "scan: out of memory\n");
		return 2;
	}
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "scan: %s:%lu:%lu: %s\n", name,
			    (unsigned long)p.problem_mark.line + 1,
			    (unsigned long)p.problem_mark.column + 1,
			    p.problem ? p.problem : "parse error");
			yaml_parser_delete(&p);
			return 1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		n++;
	}
	yaml_parser_delete(&p);
	/* Printed so the loop has an observable result. */
	printf("%lu events\n", n);
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *f = stdin;
	const char *name = "-";
	int st;

	if (argc > 2) {
		fprintf(stderr, "usage: scan [FILE]\n");
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "-") != 0) {
		name = argv[1];
		if (!(f = fopen(name, "rb"))) {
			perror(name);
			return 2;
		}
	}
	st = scan(f, name);
	if (f != stdin)
		fclose(f);
	return st;
}
