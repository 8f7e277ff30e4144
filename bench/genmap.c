/* genmap.c: writes a large, valid journey map (YAML or JSON) for the benches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Usage: genmap [-j] STAGES [SEED]
 * The same STAGES and SEED give the same map in YAML and in JSON (-j), so
 * cjm-validate must write the same canonical map from either form. Every
 * stage fills every lane of format 1, with English and Russian text, and
 * the touchpoint graph reaches every touchpoint and has no dead end.
 */

#define MAXDEPTH 16

enum { FRAME_MAP, FRAME_SEQ };
/* Where the YAML writer stands: at a line start, after "key:", after "- ". */
enum { AT_LINE, AFTER_KEY, AFTER_DASH };

struct frame {
	int type;
	int count;
	int indent;
};

struct out {
	FILE *f;
	int json;
	int depth;
	int pending;
	struct frame st[MAXDEPTH];
};

static unsigned long long rng = 88172645463325252ULL;

/* xorshift64: fixed, fast, and the same on every machine. */
static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
indent(struct out *o, int n)
{
	while (n-- > 0)
		putc(' ', o->f);
}

/* JSON: the comma and line break before a new item of the open frame. */
static void
json_item(struct out *o)
{
	struct frame *fr;

	if (o->depth == 0)
		return;
	fr = &o->st[o->depth - 1];
	if (fr->type == FRAME_MAP)
		return;	/* the key already opened the item */
	fputs(fr->count++ ? ",\n" : "\n", o->f);
	indent(o, 2 * o->depth);
}

/* YAML: what goes before a value in the open frame ("- " in a sequence). */
static void
yaml_item(struct out *o)
{
	struct frame *fr;

	if (o->depth == 0)
		return;
	fr = &o->st[o->depth - 1];
	if (fr->type == FRAME_SEQ) {
		indent(o, fr->indent);
		fputs("- ", o->f);
		o->pending = AFTER_DASH;
	}
}

static void
key(struct out *o, const char *k)
{
	struct frame *fr = &o->st[o->depth - 1];

	if (o->json) {
		fputs(fr->count++ ? ",\n" : "\n", o->f);
		indent(o, 2 * o->depth);
		fprintf(o->f, "\"%s\": ", k);
		return;
	}
	if (o->pending != AFTER_DASH)
		indent(o, fr->indent);
	fprintf(o->f, "%s:", k);
	o->pending = AFTER_KEY;
}

static void
open_frame(struct out *o, int type)
{
	int in = o->depth ? o->st[o->depth - 1].indent + 2 : 0;

	if (o->depth == MAXDEPTH) {
		fprintf(stderr, "genmap: nesting too deep\n");
		exit(2);
	}
	if (o->json) {
		json_item(o);
		putc(type == FRAME_MAP ? '{' : '[', o->f);
	} else {
		yaml_item(o);
		if (o->pending == AFTER_KEY)
			putc('\n', o->f);
		if (o->depth && o->st[o->depth - 1].type == FRAME_SEQ &&
		    type == FRAME_SEQ)
			putc('\n', o->f);	/* no sequences in sequences here */
		if (o->pending != AFTER_DASH)
			o->pending = AT_LINE;
	}
	o->st[o->depth].type = type;
	o->st[o->depth].count = 0;
	o->st[o->depth].indent = in;
	o->depth++;
}

static void
close_frame(struct out *o)
{
	struct frame *fr = &o->st[--o->depth];

	if (!o->json)
		return;
	if (fr->count) {
		putc('\n', o->f);
		indent(o, 2 * o->depth);
	}
	putc(fr->type == FRAME_MAP ? '}' : ']', o->f);
	if (o->depth == 0)
		putc('\n', o->f);
}

/* A scalar written as is: a number, or YAML-safe plain text. */
static void
raw(struct out *o, const char *s, int quote)
{
	if (o->json) {
		json_item(o);
		fprintf(o->f, quote ? "\"%s\"" : "%s", s);
		return;
	}
	yaml_item(o);
	fprintf(o->f, o->pending == AFTER_KEY ? " %s\n" : "%s\n", s);
	o->pending = AT_LINE;
}

/* YAML needs quotes for text that starts with an indicator or holds one. */
static int
needs_quotes(const char *s)
{
	return strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) != NULL ||
	    strstr(s, ": ") != NULL || strstr(s, " #") != NULL;
}

/* Text: plain in YAML where it can be, quoted in JSON; every fifth one
 * double-quoted in YAML too, as people write both. The draw is made in
 * both forms so that YAML and JSON get the same text. */
static void
text(struct out *o, const char *s)
{
	int quote = rnd(5) == 0 || needs_quotes(s);

	if (!o->json && quote) {
		char buf[2048];

		snprintf(buf, sizeof buf, "\"%s\"", s);
		raw(o, buf, 0);
		return;
	}
	raw(o, s, 1);
}

static void
num(struct out *o, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.15g", v);
	raw(o, buf, 0);
}

static void
kv_text(struct out *o, const char *k, const char *s)
{
	key(o, k);
	text(o, s);
}

static void
kv_num(struct out *o, const char *k, double v)
{
	key(o, k);
	num(o, v);
}

/* Sentence pools: subject, verb phrase, object, tail; English and Russian. */
static const char *const en[4][8] = {
	{ "The customer", "A returning client", "She", "The family",
	  "A first-time buyer", "Our guest", "The manager on duty",
	  "He" },
	{ "compares prices for", "cannot find", "asks the support team about",
	  "reads the reviews of", "waits too long for", "is pleased with",
	  "looks again at", "books" },
	{ "the seven-day tour to Lisbon", "the delivery slot",
	  "the loyalty card", "the refund form", "a table for four",
	  "the mobile app's checkout", "the confirmation email",
	  "the hotel near the beach" },
	{ "before the weekend.", "on a phone, standing in a queue.",
	  "and gives up after the third screen.", "because a friend said so.",
	  "late in the evening, with the children asleep.",
	  "while the price keeps changing.", "for the second time this month.",
	  "and writes it down." },
};

static const char *const ru[4][8] = {
	{ "Клиент", "Постоянный покупатель", "Она", "Семья с детьми",
	  "Новый пользователь", "Гость ресторана", "Администратор", "Он" },
	{ "сравнивает цены на", "не может найти", "спрашивает поддержку про",
	  "читает отзывы о", "слишком долго ждёт", "доволен, получив",
	  "снова открывает", "бронирует" },
	{ "тур в Стамбул на семь дней", "окно доставки",
	  "карту лояльности", "форму возврата", "столик на четверых",
	  "оплату в мобильном приложении", "письмо с подтверждением",
	  "номер с видом на море" },
	{ "перед выходными.", "с телефона, стоя в очереди.",
	  "и бросает на третьем экране.", "по совету подруги.",
	  "поздно вечером, когда дети уже спят.",
	  "пока цена всё время меняется.", "уже второй раз за месяц.",
	  "и записывает в блокнот." },
};

/* One sentence (long: two) in the stage's language, into buf. */
static const char *
sentence(char *buf, size_t len, int russian, int lng)
{
	const char *const (*p)[8] = russian ? ru : en;
	size_t n;

	n = (size_t)snprintf(buf, len, "%s %s %s %s", p[0][rnd(8)],
	    p[1][rnd(8)], p[2][rnd(8)], p[3][rnd(8)]);
	if (lng && n < len)
		snprintf(buf + n, len - n, " %s %s %s %s", p[0][rnd(8)],
		    p[1][rnd(8)], p[2][rnd(8)], p[3][rnd(8)]);
	return buf;
}

/* A lane: a list of 2 to 4 sentences. */
static void
lane(struct out *o, const char *name, int russian)
{
	char buf[1024];
	int i, n = 2 + (int)rnd(3);

	key(o, name);
	open_frame(o, FRAME_SEQ);
	for (i = 0; i < n; i++)
		text(o, sentence(buf, sizeof buf, russian, rnd(4) == 0));
	close_frame(o);
}

static const char *const channels[] = {
	"web", "mobile", "phone", "email", "sms", "chat", "messenger",
	"social", "store", "office", "mail", "ads", "word-of-mouth", "other",
};

#define TP_PER_STAGE 3

static void
touchpoints(struct out *o, long s, int russian)
{
	char buf[1024], id[32];
	int i;

	key(o, "touchpoints");
	open_frame(o, FRAME_SEQ);
	for (i = 0; i < TP_PER_STAGE; i++) {
		open_frame(o, FRAME_MAP);
		snprintf(id, sizeof id, "t%ld-%d", s, i);
		kv_text(o, "id", id);
		snprintf(buf, sizeof buf, russian ? "Точка контакта %ld.%d" :
		    "Touchpoint %ld.%d", s, i);
		kv_text(o, "name", buf);
		kv_text(o, "channel", channels[rnd(14)]);
		kv_text(o, "description", sentence(buf, sizeof buf, russian, 0));
		close_frame(o);
	}
	close_frame(o);
}

static void
pain_points(struct out *o, long s, int russian)
{
	static const char *const sev[] = { "low", "medium", "high" };
	char buf[1024], id[32];

	key(o, "pain_points");
	open_frame(o, FRAME_SEQ);
	open_frame(o, FRAME_MAP);
	kv_text(o, "text", sentence(buf, sizeof buf, russian, 1));
	kv_text(o, "severity", sev[rnd(3)]);
	snprintf(id, sizeof id, "t%ld-%u", s, rnd(TP_PER_STAGE));
	kv_text(o, "touchpoint", id);
	close_frame(o);
	text(o, sentence(buf, sizeof buf, russian, 0));
	close_frame(o);
}

/* Metrics in their kinds' ranges; about one in ten misses its target. */
static void
metric(struct out *o, const char *name, const char *kind, const char *unit,
    double value, double target)
{
	open_frame(o, FRAME_MAP);
	kv_text(o, "name", name);
	kv_num(o, "value", value);
	kv_text(o, "unit", unit);
	kv_num(o, "target", rnd(10) ? target : value + 1);
	kv_text(o, "kind", kind);
	close_frame(o);
}

static void
metrics(struct out *o)
{
	double csat = 60 + rnd(40), conv = (rnd(990) + 1) / 10.0;

	key(o, "metrics");
	open_frame(o, FRAME_SEQ);
	metric(o, "CSAT", "csat", "%", csat, csat - 5);
	metric(o, "Conversion", "conversion", "%", conv, conv / 2);
	open_frame(o, FRAME_MAP);
	kv_text(o, "name", "Time on step");
	kv_num(o, "value", 30 + rnd(600));
	kv_text(o, "unit", "s");
	kv_text(o, "kind", "time");
	kv_text(o, "better", "lower");
	close_frame(o);
	close_frame(o);
}

static void
stage_head(struct out *o, long s, long nstages, int russian)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "s%ld", s);
	kv_text(o, "id", buf);
	snprintf(buf, sizeof buf, russian ? "Этап %ld, выбор и оплата" :
	    "Stage %ld, choose and pay", s);
	kv_text(o, "name", buf);
	kv_text(o, "subtitle", sentence(buf, sizeof buf, russian, 0));
	snprintf(buf, sizeof buf, russian ? "Фаза %ld" : "Phase %ld", s / 4);
	kv_text(o, "phase", buf);
	snprintf(buf, sizeof buf, "%u-%u min", 1 + rnd(10), 11 + rnd(20));
	kv_text(o, "duration", buf);
	/* A funnel that never grows: 10 million at the start, 1000 at the end. */
	key(o, "funnel");
	open_frame(o, FRAME_MAP);
	kv_num(o, "count", 1000 + (double)(9999000LL * (nstages - s) / nstages));
	close_frame(o);
}

static void
stage(struct out *o, long s, long nstages)
{
	char buf[64];
	int russian = s % 3 == 1;

	open_frame(o, FRAME_MAP);
	stage_head(o, s, nstages, russian);
	lane(o, "goals", russian);
	lane(o, "actions", russian);
	touchpoints(o, s, russian);
	lane(o, "thoughts", russian);
	lane(o, "feelings", russian);
	kv_num(o, "emotion", 1 + rnd(9) / 2.0);
	lane(o, "needs", russian);
	lane(o, "expectations", russian);
	lane(o, "experience", russian);
	pain_points(o, s, russian);
	lane(o, "opportunities", russian);
	metrics(o);
	lane(o, "frontstage", russian);
	lane(o, "backstage", russian);
	lane(o, "support", russian);
	key(o, "events");
	open_frame(o, FRAME_SEQ);
	snprintf(buf, sizeof buf, "stage_%ld_reached", s);
	text(o, buf);
	close_frame(o);
	kv_text(o, "x-owner", russian ? "Отдел продаж" : "Sales team");
	close_frame(o);
}

static void
edge(struct out *o, long s1, int t1, long s2, int t2)
{
	char buf[32];

	open_frame(o, FRAME_MAP);
	snprintf(buf, sizeof buf, "t%ld-%d", s1, t1);
	kv_text(o, "from", buf);
	snprintf(buf, sizeof buf, "t%ld-%d", s2, t2);
	kv_text(o, "to", buf);
	kv_num(o, "count", rnd(5000));
	close_frame(o);
}

/* Each touchpoint leads to the next stage's first one, which leads to
 * every touchpoint of its stage: all reachable, dead ends only at the end. */
static void
transitions(struct out *o, long nstages)
{
	long s;
	int t;

	key(o, "transitions");
	open_frame(o, FRAME_SEQ);
	for (s = 0; s + 1 < nstages; s++) {
		for (t = 0; t < TP_PER_STAGE; t++)
			edge(o, s, t, s + 1, 0);
		for (t = 1; t < TP_PER_STAGE; t++)
			edge(o, s + 1, 0, s + 1, t);
	}
	close_frame(o);
}

static void
persona(struct out *o)
{
	char buf[1024];

	key(o, "persona");
	open_frame(o, FRAME_MAP);
	kv_text(o, "name", "Анна Петрова");
	kv_text(o, "description", sentence(buf, sizeof buf, 0, 1));
	kv_num(o, "age", 34);
	kv_text(o, "segment", "Families travelling twice a year");
	kv_text(o, "quote", sentence(buf, sizeof buf, 1, 0));
	lane(o, "goals", 0);
	lane(o, "needs", 1);
	lane(o, "frustrations", 0);
	close_frame(o);
}

static void
map(struct out *o, long nstages)
{
	long s;

	open_frame(o, FRAME_MAP);
	kv_num(o, "cjm", 1);
	kv_text(o, "title", "Benchmark journey: a travel agency, end to end");
	kv_text(o, "description", "Generated by bench/genmap for the speed "
	    "benchmarks. Текст на русском и английском.");
	kv_text(o, "lang", "en");
	kv_text(o, "type", "design");
	persona(o);
	key(o, "emotion_scale");
	open_frame(o, FRAME_SEQ);
	num(o, 1);
	num(o, 5);
	close_frame(o);
	key(o, "stages");
	open_frame(o, FRAME_SEQ);
	for (s = 0; s < nstages; s++)
		stage(o, s, nstages);
	close_frame(o);
	transitions(o, nstages);
	kv_text(o, "x-generator", "bench/genmap");
	close_frame(o);
}

int
main(int argc, char **argv)
{
	struct out o;
	long nstages;
	int a = 1;

	memset(&o, 0, sizeof o);
	o.f = stdout;
	if (a < argc && strcmp(argv[a], "-j") == 0) {
		o.json = 1;
		a++;
	}
	if (a >= argc || a + 2 < argc || (nstages = atol(argv[a])) < 1) {
		fprintf(stderr, "usage: genmap [-j] STAGES [SEED]\n");
		return 2;
	}
	if (a + 1 < argc)
		rng = strtoull(argv[a + 1], NULL, 10) | 1;
	map(&o, nstages);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genmap");
		return 2;
	}
	return 0;
}
