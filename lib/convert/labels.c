/* labels.c: lane labels as practitioners write them, and the text of a
 * cell as list items (bullets, numbers, HTML lists from Word/Confluence). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "cjm_slug.h"

/* Label variants (normalised: lower case, ё as е) and their lane keys.
 * Russian ones are those of the seed decks' grids; English ones those of
 * the usual templates (NN/g, Smaply, Miro). man cjm-convert(1) lists
 * them; keep the two in step. */
static const struct variant {
	const char *label, *key;
} variants[] = {
	{ "стадия", "stage" }, { "стадии", "stage" }, { "этап", "stage" },
	{ "этапы", "stage" }, { "шаг", "stage" }, { "шаги", "stage" },
	{ "stage", "stage" }, { "stages", "stage" }, { "step", "stage" },
	{ "steps", "stage" }, { "id", "id" },
	{ "подэтап", "substage" }, { "подэтапы", "substage" },
	{ "подстадия", "substage" }, { "подстадии", "substage" },
	{ "sub-stage", "substage" }, { "sub-stages", "substage" },
	{ "substage", "substage" }, { "substages", "substage" },
	{ "действия", "actions" }, { "действие", "actions" },
	{ "чем мы занимаемся", "actions" }, { "что делает клиент", "actions" },
	{ "actions", "actions" }, { "action", "actions" },
	{ "doing", "actions" },
	{ "мысли", "thoughts" }, { "мысли/слова", "thoughts" },
	{ "что думает клиент", "thoughts" }, { "thoughts", "thoughts" },
	{ "thinking", "thoughts" },
	{ "эмоции", "emotion" }, { "эмоция", "emotion" },
	{ "эмоциональная кривая", "emotion" }, { "emotion", "emotion" },
	{ "emotions", "emotion" }, { "emotional curve", "emotion" },
	{ "что мы испытываем", "feelings" }, { "чувства", "feelings" },
	{ "ощущения", "feelings" }, { "feelings", "feelings" },
	{ "feeling", "feelings" },
	{ "что для нас важно", "needs" }, { "потребности", "needs" },
	{ "потребность", "needs" }, { "needs", "needs" },
	{ "ожидание", "expectations" }, { "ожидания", "expectations" },
	{ "expectations", "expectations" }, { "expectation", "expectations" },
	{ "опыт", "experience" }, { "experience", "experience" },
	{ "точки контакта", "touchpoints" }, { "точка контакта", "touchpoints" },
	{ "каналы", "touchpoints" }, { "touchpoints", "touchpoints" },
	{ "touchpoint", "touchpoints" }, { "touch points", "touchpoints" },
	{ "channels", "touchpoints" },
	{ "болевые точки", "pain_points" }, { "боли", "pain_points" },
	{ "барьеры", "pain_points" }, { "барьер", "pain_points" },
	{ "критические моменты", "pain_points" }, { "проблемы", "pain_points" },
	{ "pain points", "pain_points" }, { "pain point", "pain_points" },
	{ "pains", "pain_points" }, { "barriers", "pain_points" },
	{ "critical moments", "pain_points" },
	{ "возможности", "opportunities" }, { "решения", "opportunities" },
	{ "идеи", "opportunities" }, { "opportunities", "opportunities" },
	{ "ideas", "opportunities" }, { "solutions", "opportunities" },
	{ "метрики", "metrics" }, { "показатели", "metrics" },
	{ "kpi", "metrics" }, { "metrics", "metrics" },
	{ "ответственный", "owner" }, { "ответственные", "owner" },
	{ "владелец", "owner" }, { "owner", "owner" },
	{ "responsible", "owner" },
	{ "на сцене", "frontstage" }, { "front stage", "frontstage" },
	{ "frontstage", "frontstage" }, { "onstage", "frontstage" },
	{ "за сценой", "backstage" }, { "back stage", "backstage" },
	{ "backstage", "backstage" }, { "offstage", "backstage" },
	{ "поддержка", "support" }, { "поддерживающие процессы", "support" },
	{ "support", "support" }, { "support processes", "support" },
	{ "время", "duration" }, { "длительность", "duration" },
	{ "продолжительность", "duration" }, { "time", "duration" },
	{ "duration", "duration" },
	{ "цели", "goals" }, { "задачи", "goals" },
	{ "задачи клиента", "goals" }, { "цели клиента", "goals" },
	{ "мотивация", "goals" }, { "goals", "goals" }, { "goal", "goals" },
	{ "tasks", "goals" }, { "motivation", "goals" },
};
#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

int
lane_is_string(const char *key)
{
	return strcmp(key, "duration") == 0 || strcmp(key, "owner") == 0 ||
	    strcmp(key, "id") == 0;
}

int
has_cyrillic(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)s[0] >= 0xD0 && (unsigned char)s[0] <= 0xD3 &&
		    ((unsigned char)s[1] & 0xC0) == 0x80)
			return 1;
	return 0;
}

/* Lower-case one Cyrillic capital (two bytes) in place; ё -> е. */
static void
cyr_lower(unsigned char *p)
{
	unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);

	if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	if (cp == 0x451)
		cp = 0x435;
	p[0] = (unsigned char)(0xC0 | (cp >> 6));
	p[1] = (unsigned char)(0x80 | (cp & 0x3F));
}

void
label_norm(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	int space = 0;

	for (; *s != '\0' && n + 3 < size; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '?' || ch == ':' || ch == '*')
			continue;
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		    ch == 0xA0) {
			space = n > 0;
			continue;
		}
		if (space)
			buf[n++] = ' ';
		space = 0;
		if ((ch == 0xD0 || ch == 0xD1) && s[1] != '\0') {
			buf[n] = (char)ch;
			buf[n + 1] = s[1];
			cyr_lower((unsigned char *)buf + n);
			n += 2;
			s++;
		} else
			buf[n++] = (char)tolower(ch);
	}
	buf[n] = '\0';
}

static const char *
lookup(const char *norm)
{
	size_t i;

	for (i = 0; i < NVARIANTS; i++)
		if (strcmp(variants[i].label, norm) == 0)
			return variants[i].key;
	return NULL;
}

const char *
cjm_convert_label(const char *label)
{
	char norm[256], *cut;
	const char *key;

	label_norm(label, norm, sizeof(norm));
	if ((key = lookup(norm)) != NULL)
		return key;
	/* "Эмоции [-2..2]", "Действия (что делает клиент)", "Мысли / слова":
	 * the words before a bracket or a slash. */
	if ((cut = strpbrk(norm, "([/")) != NULL && cut > norm) {
		*cut = '\0';
		while (cut > norm && cut[-1] == ' ')
			*--cut = '\0';
		return lookup(norm);
	}
	return NULL;
}

const char *
label_known_list(void)
{
	return "known labels: стадия/этап/stage, действия/actions, мысли/thoughts, "
	    "эмоции/emotion, чувства/feelings, что для нас важно/needs, "
	    "ожидание/expectations, опыт/experience, точки контакта/"
	    "touchpoints, болевые точки/pain points, возможности/"
	    "opportunities, метрики/metrics, ответственный/owner, на сцене/"
	    "front stage, за сценой/back stage, поддержка/support, время/"
	    "time, цели/goals (all in man cjm-convert)";
}
