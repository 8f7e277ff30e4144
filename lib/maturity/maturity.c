/* maturity.c: the CX maturity model's texts, answer words and stage cuts. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"
#include "num.h"

const char *const cjm_maturity_dims[CJM_MATURITY_DIMENSIONS] = {
	"organization", "planning", "activation", "response", "improvement",
	"innovation"
};

static const char *const dim_en[CJM_MATURITY_DIMENSIONS] = {
	"Organization", "Planning", "Activation", "Response", "Improvement",
	"Innovation"
};

static const char *const dim_ru[CJM_MATURITY_DIMENSIONS] = {
	"Организация", "Планирование", "Активация", "Реагирование",
	"Улучшение", "Инновация"
};

/* Statement q's dimension, q = 1..20 at index 0..19 (maturity.md). */
static const unsigned char q_dim[CJM_MATURITY_QUESTIONS] = {
	0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5
};

static const char *const q_en[CJM_MATURITY_QUESTIONS] = {
	"You hold a clear, shared vision for developing the customer experience",
	"You track your progress against a roadmap",
	"You keep a governance structure for decisions, alignment, "
	    "accountability and resolving conflicts",
	"You forecast the business effect of CX initiatives",
	"You adjust your efforts to meet the forecasts",
	"You set CX priorities from a clearly defined set of measures",
	"You inform staff and partners of the value of CX initiatives and "
	    "their status",
	"You build mechanisms that grow key CX skills across the organization",
	"You provide CX training and motivation for staff",
	"You combine CX and operational data into practical insight",
	"You get timely signals from target customers",
	"You analyse CX and operational data to prioritise actions",
	"You bring insights to stakeholders in a form they can act on at once",
	"You systematically track the fixing of customer problems found in "
	    "analysis",
	"You continuously improve operations from analysis of customer "
	    "experience",
	"You make strategic decisions from analysis of customer experience",
	"You build customer-experience information into key operating "
	    "processes and systems",
	"You find opportunities for transformative customer experience",
	"You apply human-centred design to improve customer experience",
	"You make sure new experience elements are presented consistently "
	    "across the organization"
};

static const char *const q_ru[CJM_MATURITY_QUESTIONS] = {
	"Придерживаетесь четкого и единого видения по развитию клиентского "
	    "опыта",
	"Отслеживаете свой прогресс в соответствии с дорожной картой",
	"Поддерживаете структуру управления для принятия решений, "
	    "согласованности, подотчётности и разрешения конфликтов",
	"Прогнозируете бизнес-эффект от CX инициатив",
	"Корректируете свои усилия для выполнения прогнозов",
	"Расставляете CX приоритеты на основе четко определенного набора "
	    "показателей",
	"Информируете сотрудников и партнеров о ценности CX инициатив и "
	    "статусе исполнения",
	"Создаете механизмы формирования ключевых CX навыков по всей "
	    "организации",
	"Обеспечиваете CX обучение и мотивацию сотрудников",
	"Комбинируете CX и операционные данные для получения практических "
	    "выводов",
	"Получаете своевременные сигналы от целевых клиентов",
	"Анализируете CX и операционные данные для приоритизации действий",
	"Адресуете аналитические выводы стейкхолдерам в таком виде, чтобы "
	    "они могли легко начать действовать",
	"Систематически отслеживаете устранение клиентских проблем "
	    "выявленных в процессе анализа",
	"Постоянно улучшаете операционные процессы на основе анализа опыта "
	    "клиентов",
	"Принимаете стратегические решения на основе анализа опыта клиентов",
	"Внедряете информацию об опыте клиентов в ключевые операционные "
	    "процессы и системы",
	"Выявляете возможности для преобразующего клиентского опыта",
	"Применяете человекоцентричные подходы к проектированию, для "
	    "улучшения клиентского опыта",
	"Следите за тем, чтобы новые элементы опыта были представлены "
	    "одинаково/последовательно по всей организации"
};

static const char *const stage_en[5] = {
	"Investigate", "Initiate", "Mobilize", "Scale", "Embed"
};

static const char *const stage_ru[5] = {
	"Исследование", "Инициирование", "Мобилизация", "Масштабирование",
	"Интеграция"
};

const char *const cjm_maturity_words_en[5] = {
	"never", "rarely", "sometimes", "often", "always"
};

const char *const cjm_maturity_words_ru[5] = {
	"никогда", "редко", "иногда", "часто", "всегда"
};

const char *
cjm_maturity_lang(const char *tag)
{
	if (tag != NULL && tolower((unsigned char)tag[0]) == 'r' &&
	    tolower((unsigned char)tag[1]) == 'u' &&
	    (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_'))
		return "ru";
	return "en";
}

static int
is_ru(const char *lang)
{
	return strcmp(cjm_maturity_lang(lang), "ru") == 0;
}

const char *
cjm_maturity_dim_name(int dim, const char *lang)
{
	if (dim < 0 || dim >= CJM_MATURITY_DIMENSIONS)
		return NULL;
	return is_ru(lang) ? dim_ru[dim] : dim_en[dim];
}

const char *
cjm_maturity_statement(int q, const char *lang)
{
	if (q < 1 || q > CJM_MATURITY_QUESTIONS)
		return NULL;
	return is_ru(lang) ? q_ru[q - 1] : q_en[q - 1];
}

int
cjm_maturity_statement_dim(int q)
{
	return q < 1 || q > CJM_MATURITY_QUESTIONS ? -1 : q_dim[q - 1];
}

const char *
cjm_maturity_stage_name(int level, const char *lang)
{
	if (level < 1 || level > 5)
		return NULL;
	return is_ru(lang) ? stage_ru[level - 1] : stage_en[level - 1];
}

/*
 * Lower-case ASCII letters and the Cyrillic capitals А..Я and Ё into out
 * (which holds len + 1 bytes: lowering never lengthens UTF-8 here). Done
 * by code point rather than through the C locale, so the result is the
 * same whatever locale the tool runs in.
 */
void
maturity_fold(const unsigned char *s, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z') {
			out[o++] = (char)(c + 32);
		} else if (c == 0xD0 && i + 1 < len && s[i + 1] >= 0x90 &&
		    s[i + 1] <= 0xAF) {
			/* U+0410..U+042F -> U+0430..U+044F */
			unsigned cp = 0x400 + (s[i + 1] & 0x3F) + 0x20;

			out[o++] = (char)(0xC0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3F));
			i++;
		} else if (c == 0xD0 && i + 1 < len && s[i + 1] == 0x81) {
			out[o++] = (char)0xD1;	/* Ё U+0401 -> ё U+0451 */
			out[o++] = (char)0x91;
			i++;
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* The value of a folded word, or 0. */
static int
word_value(const char *w)
{
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(w, cjm_maturity_words_en[i]) == 0 ||
		    strcmp(w, cjm_maturity_words_ru[i]) == 0)
			return i + 1;
	return 0;
}

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
cjm_maturity_answer(const char *s, size_t len)
{
	char buf[32];
	size_t i;
	int v;

	while (len > 0 && blank((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && blank((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return 0;
	for (i = 0; i < len && isdigit((unsigned char)s[i]); i++)
		;
	if (i == len)	/* all digits: a number, in range or not */
		return len == 1 && s[0] >= '1' && s[0] <= '5' ? s[0] - '0' :
		    -1;
	if (len >= sizeof(buf))
		return -2;
	maturity_fold((const unsigned char *)s, len, buf);
	v = word_value(buf);
	return v ? v : -2;
}

/* A plain decimal number: digits, optionally '.' and digits; blanks
 * around it are allowed ("1.8, 2.6"). */
static int
plain_number(const char *s, size_t len, double *out)
{
	char buf[32], *end;
	size_t i, dots = 0, digits = 0;

	while (len > 0 && *s == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || len >= sizeof(buf))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '.')
			dots++;
		else if (isdigit((unsigned char)s[i]))
			digits++;
		else
			return -1;
	}
	if (dots > 1 || digits == 0 || s[0] == '.' || s[len - 1] == '.')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = cjm_strtod(buf, &end);
	return *end == '\0' ? 0 : -1;
}

int
cjm_maturity_thresholds_parse(const char *s, double out[4])
{
	double t[4];
	int k;

	if (s == NULL)
		return -1;
	for (k = 0; k < 4; k++) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if ((comma == NULL) != (k == 3) ||
		    plain_number(s, len, &t[k]) != 0 || t[k] <= 1 ||
		    t[k] >= 5 || (k > 0 && t[k] <= t[k - 1]))
			return -1;
		s = comma ? comma + 1 : s + len;
	}
	memcpy(out, t, sizeof(t));
	return 0;
}

void
cjm_maturity_opts_default(cjm_maturity_opts *o)
{
	static const double cuts[4] = { 1.8, 2.6, 3.4, 4.2 };

	memcpy(o->thresholds, cuts, sizeof(cuts));
	o->rule = CJM_RULE_MEAN;
	o->lang = "en";
}

int
cjm_maturity_level(double score, const double thresholds[4])
{
	int level = 1, k;

	for (k = 0; k < 4; k++)
		if (score >= thresholds[k] - 1e-9)
			level = k + 2;
	return level;
}
