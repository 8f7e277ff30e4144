/* test_convert.c: lib/convert: labels, cells, grids to maps and back,
 * CSV and Markdown out, XLSX in and out, Mermaid, dot. */
#include <stdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "unit.h"
#include "cjm_convert.h"

static int
to_sbuf(const char *buf, size_t len, void *ctx)
{
	char *s = ctx;
	size_t n = strlen(s);

	if (n + len >= 65536)
		return -1;
	memcpy(s + n, buf, len);
	s[n + len] = '\0';
	return 0;
}

/* A CSV text through the grid reader and the importer; *map or the
 * first error's code. */
static int
import(const char *csv, json_t **map, const char **code, char *cbuf)
{
	FILE *fp = fmemopen((void *)csv, strlen(csv), "r");
	cjm_grid *g = cjm_grid_new();
	cjm_diags *ds = cjm_diags_new();
	size_t i;
	int r;

	*map = NULL;
	r = cjm_grid_read_csv(g, fp, "t.csv", 0, ds);
	if (r == CJM_OK)
		r = cjm_grid_to_map(g, "T", NULL, map, ds);
	cbuf[0] = '\0';
	for (i = 0; i < cjm_diags_count(ds); i++)
		if (cjm_diags_get(ds, i)->level >= CJM_WARNING && !cbuf[0])
			snprintf(cbuf, 64, "%s", cjm_diags_get(ds, i)->code);
	*code = cbuf;
	cjm_diags_free(ds);
	cjm_grid_free(g);
	fclose(fp);
	return r;
}

static const struct {
	const char *label, *key;
} labels[] = {
	{ "Этап", "stage" }, { "СТАДИЯ:", "stage" }, { " stage ", "stage" },
	{ "Действия", "actions" }, { "Чем мы занимаемся?", "actions" },
	{ "Мысли", "thoughts" }, { "Эмоции [-2..2]", "emotion" },
	{ "Что мы испытываем", "feelings" }, { "Чувства", "feelings" },
	{ "Что для нас важно?", "needs" }, { "Потребности", "needs" },
	{ "Ожидание", "expectations" }, { "Опыт", "experience" },
	{ "Точки  контакта", "touchpoints" }, { "Болевые точки", "pain_points" },
	{ "Барьеры", "pain_points" }, { "Pain Points:", "pain_points" },
	{ "Возможности", "opportunities" }, { "Решения", "opportunities" },
	{ "Метрики", "metrics" }, { "Ответственный", "owner" },
	{ "На сцене", "frontstage" }, { "За сценой", "backstage" },
	{ "Поддержка", "support" }, { "Время", "duration" },
	{ "Цели", "goals" }, { "Задачи", "goals" }, { "Мотивация", "goals" },
	{ "Действия (что делает клиент)", "actions" },
	{ "Мысли / слова", "thoughts" }, { "Front stage", "frontstage" },
	{ "id", "id" }, { "Подэтапы", "substage" }, { "Sub-stage:", "substage" },
	{ "Чувства\nклиента", NULL }, { "Sentiment", NULL },
	{ "", NULL }, { "ЁЖ", NULL },
};

START_TEST(test_labels)
{
	const char *k = cjm_convert_label(labels[_i].label);

	if (labels[_i].key == NULL)
		ck_assert_msg(k == NULL, "%s -> %s", labels[_i].label, k);
	else
		ck_assert_msg(k != NULL && strcmp(k, labels[_i].key) == 0,
		    "%s -> %s", labels[_i].label, k ? k : "NULL");
}
END_TEST

static const struct {
	size_t row, col;
	const char *name;
} names[] = {
	{ 0, 0, "A1" }, { 4, 2, "C5" }, { 0, 25, "Z1" }, { 0, 26, "AA1" },
	{ 9, 701, "ZZ10" }, { 0, 702, "AAA1" }, { 1048575, 16383, "XFD1048576" },
};

START_TEST(test_cell_names)
{
	char buf[24];

	ck_assert_str_eq(cjm_grid_cell_name(names[_i].row, names[_i].col,
	    buf, sizeof(buf)), names[_i].name);
}
END_TEST

/* CSV grid -> JSON of stages[k] key (compact), or an error code. */
static const struct {
	const char *csv;
	int stage;
	const char *key, *want;
} cells[] = {
	{ "Stage,A\nActions,\"• one\n• two\"\n", 0, "actions", "[\"one\", \"two\"]" },
	{ "Stage,A\nActions,\"- one\n  more\n- two\"\n", 0, "actions", "[\"one more\", \"two\"]" },
	{ "Stage,A\nActions,\"1. one\n2) two\"\n", 0, "actions", "[\"one\", \"two\"]" },
	{ "Stage,A\nActions,\"-5% off\"\n", 0, "actions", "[\"-5% off\"]" },
	{ "Stage,A\nActions,<ul><li>a</li><li>b &amp; c</li></ul>\n", 0, "actions", "[\"a\", \"b & c\"]" },
	{ "Stage,A\nActions,x<br>y<br/>z\n", 0, "actions", "[\"x\", \"y\", \"z\"]" },
	{ "Stage,A\nActions,• a • b • c\n", 0, "actions", "[\"a\", \"b\", \"c\"]" },
	{ "Stage,A\nActions,<b>bold</b> text\n", 0, "actions", "[\"bold text\"]" },
	{ "Stage,Name <i>sub</i>\nActions,a\n", 0, "subtitle", "\"sub\"" },
	{ "Stage,\"Name\nsub line\"\nActions,a\n", 0, "subtitle", "\"sub line\"" },
	{ "Stage,A\nТочки контакта,сайт\n", 0, "touchpoints", "[{\"name\": \"сайт\"}]" },
	{ "Stage,A\nБолевые точки,долго\n", 0, "pain_points", "[{\"text\": \"долго\"}]" },
	{ "Stage,A\nMetrics,NPS: 42\n", 0, "metrics", "[{\"name\": \"NPS\", \"value\": 42}]" },
	{ "Stage,A\nMetrics,\"Conversion: 12,5 %\"\n", 0, "metrics", "[{\"name\": \"Conversion\", \"value\": 12.5, \"unit\": \"%\"}]" },
	{ "Stage,A\nMetrics,Speed\n", 0, "metrics", "[{\"name\": \"Speed\"}]" },
	{ "Stage,A\nMetrics,: 5\n", 0, "metrics", "[{\"name\": \": 5\"}]" },
	{ "Stage,A\nEmotion,\"3,5\"\n", 0, "emotion", "3.5" },
	{ "Stage,A\nEmotion,4\n", 0, "emotion", "4" },
	{ "Stage,A\nEmotion,😀\n", 0, "emotion", "5" },
	{ "Stage,A\nEmotion, ☹️ \n", 0, "emotion", "2" },
	{ "Stage,A\nEmotion,:|\n", 0, "emotion", "3" },
	{ "Stage,A\nEmotion,😭\n", 0, "emotion", "1" },
	{ "Stage,A\nEmotion,😀 yes\n", 0, "feelings", "[\"😀 yes\"]" },
	{ "Stage,A\nВремя,\"5 мин\n10 мин\"\n", 0, "duration", "\"5 мин; 10 мин\"" },
	{ "Stage,A\nOwner,Sales\n", 0, "owner", "\"Sales\"" },
	{ "Stage,A\nActions,a\n,b\n", 0, "actions", "[\"a\", \"b\"]" },
	{ "Stage,A\nx-jira,CX-1\n", 0, "x-jira", "[\"CX-1\"]" },
	{ "Stage,A\nActions,a\nWeird,w\n", 0, "x-weird", "[\"w\"]" },
	{ "Stage,Оформление заказа\nActions,a\n", 0, "id", "\"oformlenie-zakaza\"" },
	{ "Stage,A,A\nActions,a,b\n", 1, "id", "\"a-2\"" },
	{ "Stage,😀\nActions,a\n", 0, "id", "\"stage-1\"" },
	{ "Stage,A,B\nid,first,second\n", 1, "id", "\"second\"" },
	{ "Stage,A,B\nid,b,\n", 1, "id", "\"b-2\"" },
	{ "Stage,A,B\nid,,a\n", 1, "id", "\"a-2\"" },
	{ "Stage,A,B\nid,Bad Id,x\n", 0, "id", "\"a\"" },
	{ "Stage,P,,Q\n,a,b,\nActions,1,2,3\n", 1, "phase", "\"P\"" },
	{ "Stage,P,,Q\n,a,b,\nActions,1,2,3\n", 2, "name", "\"Q\"" },
	{ "Stage,P,,Q\n,a,b,\nActions,1,2,3\n", 2, "phase", "null" },
	{ ",A,B\nActions,1,2\n", 1, "name", "\"B\"" },
	{ "Stage,• \nActions,a\n", 0, "name", "\"•\"" },
	{ "CJM: clinic,,\n,,\nStage,A,B\nActions,1,2\n", 1, "name", "\"B\"" },
	{ "Этап,Поиск,\nПодэтап,сайт,отзывы\nДействия,1,2\n", 1, "phase", "\"Поиск\"" },
	{ "Stage,A,,\nActions,1,,\n", 0, "name", "\"A\"" },
};

START_TEST(test_cells)
{
	json_t *map, *v;
	const char *code;
	char cbuf[64], *got;

	ck_assert_int_eq(import(cells[_i].csv, &map, &code, cbuf), CJM_OK);
	v = json_object_get(json_array_get(json_object_get(map, "stages"),
	    (size_t)cells[_i].stage), cells[_i].key);
	got = v ? json_dumps(v, JSON_ENCODE_ANY) : strdup("null");
	ck_assert_msg(strcmp(got, cells[_i].want) == 0, "%s: got %s",
	    cells[_i].csv, got);
	free(got);
	json_decref(map);
}
END_TEST

/* Bad grids: the status and the first warning or error's code. */
static const struct {
	const char *csv;
	int status;
	const char *code;
} bad[] = {
	{ "", CJM_EDATA, "grid-empty" },
	{ "Actions,a\nStage,A\n", CJM_EDATA, "grid-no-stages" },
	{ "Stage,,\nActions,,\n", CJM_EDATA, "grid-no-stages" },
	{ "Stage,A\nfoo,1\n", CJM_EDATA, "grid-unknown-lane" },
	{ "Stage,A\nActions,1,2\n", CJM_EDATA, "grid-ragged" },
	{ "Stage,A,,B\nActions,1,2,3\n", CJM_EDATA, "grid-no-stage" },
	{ "Stage,A\nActions,1\nStage,B\n", CJM_OK, "grid-stage-row" },
	{ "Stage,A\nActions,1\nSubstage,B\n", CJM_OK, "grid-stage-row" },
	{ "Stage,A\nid,Bad Id\n", CJM_OK, "grid-bad-id" },
	{ "Stage,A\nEmotion,1\nEmotion,2\n", CJM_OK, "grid-emotion-twice" },
	{ "Stage,A\nActions,a\nfoo,b\n", CJM_OK, "grid-unknown-lane" },
	{ "Stage,\"A\n", CJM_EDATA, "csv-quote" },
	{ "Stage,\xff\n", CJM_EDATA, "encoding" },	/* the CSV reader's */
	{ "Stage,A\nEmotion [-2..2],-3\n", CJM_EDATA, "grid-emotion-range" },
	{ "Just a title\n", CJM_EDATA, "grid-one-column" },
	{ "Title,\n\n", CJM_EDATA, "grid-no-stages" },
	/* an event log's header: one error, no lane warning a row */
	{ "user_id,event,timestamp\nu1,a,t\nu2,b,t\n", CJM_EDATA,
	    "event-log" },
	{ " Event_Name ,ts,USER_ID\nu1,a,t\n", CJM_EDATA, "event-log" },
	{ "event,timestamp\na,t\n", CJM_EDATA, "event-log" },
	{ ",event,Visit\nActions,x,y\n", CJM_OK, "" },	/* one kind */
	{ ",event,event_type\nActions,x,y\n", CJM_OK, "" },	/* the same */
	{ "Stage,user_id,event\nActions,x,y\n", CJM_OK, "" },
};

START_TEST(test_bad)
{
	json_t *map;
	const char *code;
	char cbuf[64];

	ck_assert_int_eq(import(bad[_i].csv, &map, &code, cbuf), bad[_i].status);
	ck_assert_str_eq(code, bad[_i].code);
	json_decref(map);
}
END_TEST

/* Emotion scales: the label's, the default, or the usual one. */
static const struct {
	const char *csv, *scale;
} scales[] = {
	{ "Stage,A,B\nEmotion,1,5\n", "null" },
	{ "Stage,A,B\nEmotion,-2,2\n", "[-2, 2]" },
	{ "Stage,A,B\nEmotion,0,7\n", "[0, 10]" },
	{ "Stage,A,B\nEmotion [-3..3],1,2\n", "[-3, 3]" },
	{ "Stage,A,B\nEmotion,-50,250\n", "[-50, 250]" },
	{ "Stage,A\nEmotion,200\n", "[200, 201]" },
	{ "Stage,A\nEmotion,1e300\n", "[1.0000000000000001e300, 1.0000000000000002e300]" },
};

/* A title row of only a bullet leaves the title given. */
START_TEST(test_title_row)
{
	json_t *map;
	const char *code;
	char cbuf[64];

	ck_assert_int_eq(import(" • \nStage,A\nActions,a\n", &map, &code,
	    cbuf), CJM_OK);
	ck_assert_str_eq(json_string_value(json_object_get(map, "title")), "T");
	json_decref(map);
	ck_assert_int_eq(import("Мой заголовок\nStage,A\nActions,a\n", &map,
	    &code, cbuf), CJM_OK);
	ck_assert_str_eq(json_string_value(json_object_get(map, "title")),
	    "Мой заголовок");
	json_decref(map);
}
END_TEST

START_TEST(test_scales)
{
	json_t *map;
	const char *code;
	char cbuf[64], *got;

	ck_assert_int_eq(import(scales[_i].csv, &map, &code, cbuf), CJM_OK);
	got = json_dumps(json_object_get(map, "emotion_scale") ?
	    json_object_get(map, "emotion_scale") : json_null(),
	    JSON_ENCODE_ANY);
	ck_assert_str_eq(got, scales[_i].scale);
	free(got);
	json_decref(map);
}
END_TEST

/* A map through a grid and back: stages, phases, subtitles, lanes. */
START_TEST(test_grid_round_trip)
{
	static const char *yaml =
	    "cjm: 1\ntitle: T\nemotion_scale: [-2, 2]\nstages:\n"
	    "- {id: look, name: Look, phase: Before, subtitle: 'On the web',"
	    " actions: ['- dash first', two], emotion: -1,"
	    " pain_points: [{text: slow, severity: high}, {text: x, severity: low}]}\n"
	    "- {id: custom-id, name: Buy, phase: Before, touchpoints: [{name: Shop, id: shop}],"
	    " metrics: [{name: NPS, value: 40, unit: pts}], duration: 5 min}\n"
	    "- {id: use, name: Use, x-notes: [a, 'b|c']}\n";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);
	json_t *canon = cjm_map_canonical(cjm_doc_root(doc)), *back = NULL;
	cjm_grid *g = cjm_grid_new(), *g2 = cjm_grid_new();
	char *csv = calloc(1, 65536);
	FILE *fp;

	ck_assert_int_eq(cjm_grid_from_map(g, canon, NULL, ds), CJM_OK);
	ck_assert_uint_eq(cjm_grid_header_rows(g), 2);
	ck_assert_str_eq(cjm_grid_cell(g, 0, 1), "Before");
	ck_assert_str_eq(cjm_grid_cell(g, 0, 2), "");
	{
		size_t r;

		for (r = 0; strcmp(cjm_grid_cell(g, r, 0), "Pain points"); r++)
			ck_assert_uint_lt(r, cjm_grid_rows(g));
		ck_assert_int_eq(cjm_grid_severity(g, r, 1), 3);
		ck_assert_int_eq(cjm_grid_severity(g, r, 2), 0);
	}
	ck_assert_int_eq(cjm_grid_write_csv(g, ',', to_sbuf, csv), CJM_OK);
	fp = fmemopen(csv, strlen(csv), "r");
	ck_assert_int_eq(cjm_grid_read_csv(g2, fp, "rt.csv", 0, ds), CJM_OK);
	fclose(fp);
	ck_assert_int_eq(cjm_grid_to_map(g2, "T", "en", &back, ds), CJM_OK);
	ck_assert_msg(json_equal(json_object_get(canon, "emotion_scale"),
	    json_object_get(back, "emotion_scale")), "scale");
	{
		json_t *a = json_object_get(canon, "stages");
		json_t *b = json_object_get(back, "stages");
		size_t i;
		static const char *const keys[] = { "id", "name", "phase",
		    "subtitle", "actions", "emotion", "duration", "x-notes" };

		ck_assert_uint_eq(json_array_size(a), json_array_size(b));
		for (i = 0; i < json_array_size(a); i++) {
			size_t k;

			for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
				json_t *x = json_object_get(json_array_get(a, i), keys[k]);
				json_t *y = json_object_get(json_array_get(b, i), keys[k]);

				ck_assert_msg(json_equal(x, y) || (x == NULL && y == NULL),
				    "stage %zu key %s", i, keys[k]);
			}
		}
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
		    json_object_get(json_array_get(b, 1), "touchpoints"), 0), "name")),
		    "Shop");
	}
	free(csv);
	json_decref(back);
	json_decref(canon);
	cjm_grid_free(g);
	cjm_grid_free(g2);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* CSV quoting and Markdown escaping of one cell. */
static const struct {
	const char *cell, *csv, *md;
} outs[] = {
	{ "plain", "L,plain\n", "| L | plain |\n" },
	{ "a,b", "L,\"a,b\"\n", "| L | a,b |\n" },
	{ "say \"hi\"", "L,\"say \"\"hi\"\"\"\n", "| L | say \"hi\" |\n" },
	{ "x\ny", "L,\"x\ny\"\n", "| L | x<br>y |\n" },
	{ "a|b\\c", "L,a|b\\c\n", "| L | a\\|b\\\\c |\n" },
	{ " lead", "L,\" lead\"\n", "| L |  lead |\n" },
};

START_TEST(test_writers)
{
	cjm_grid *g = cjm_grid_new();
	cjm_pos p = { 0, 0, 0 };
	char csv[256] = "", md[256] = "", *nl;

	cjm_grid_set(g, 0, 0, "L", 1, p);
	cjm_grid_set(g, 0, 1, outs[_i].cell, strlen(outs[_i].cell), p);
	ck_assert_int_eq(cjm_grid_write_csv(g, ',', to_sbuf, csv), CJM_OK);
	ck_assert_int_eq(cjm_grid_write_markdown(g, to_sbuf, md), CJM_OK);
	ck_assert_str_eq(csv, outs[_i].csv);
	nl = strchr(md, '\n');		/* the first line; then the rule */
	ck_assert_int_eq(strncmp(md, outs[_i].md, (size_t)(nl - md + 1)), 0);
	cjm_grid_free(g);
}
END_TEST

/* A workbook as Excel users make them: a phase merged over two
 * sub-stages, a label merged down two rows, a touchpoint merged across
 * every stage, numbers, rich text, a second sheet. */
static char *
workbook(size_t *len)
{
	char path[] = "/tmp/test-convert-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *intro, *ws;
	lxw_format *bold;
	FILE *fp;
	char *buf;

	ck_assert_int_ge(fd, 0);
	close(fd);
	wb = workbook_new(path);
	intro = workbook_add_worksheet(wb, "Intro");
	ws = workbook_add_worksheet(wb, "Карта");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_string(intro, 0, 0, "read me", NULL);
	worksheet_write_string(ws, 0, 0, "Этап", NULL);
	worksheet_merge_range(ws, 0, 1, 0, 2, "Первый контакт", NULL);
	worksheet_write_string(ws, 0, 3, "Сделка", NULL);
	worksheet_write_string(ws, 1, 1, "поиск", NULL);
	worksheet_write_string(ws, 1, 2, "советы", NULL);
	worksheet_merge_range(ws, 2, 0, 3, 0, "Действия", NULL);
	worksheet_write_string(ws, 2, 1, "ищет", NULL);
	worksheet_write_string(ws, 2, 2, "спрашивает", NULL);
	worksheet_write_string(ws, 2, 3, "подписывает", NULL);
	worksheet_write_string(ws, 3, 1, "сравнивает", NULL);
	worksheet_write_string(ws, 4, 0, "Точки контакта", NULL);
	worksheet_merge_range(ws, 4, 1, 4, 3, "сайт", NULL);
	worksheet_write_string(ws, 5, 0, "Эмоции", NULL);
	worksheet_write_number(ws, 5, 1, 2, NULL);
	worksheet_write_number(ws, 5, 2, 4.5, NULL);
	worksheet_write_number(ws, 5, 3, 5, NULL);
	worksheet_write_string(ws, 6, 0, "Мысли", NULL);
	{
		lxw_rich_string_tuple a = { .format = NULL, .string = "дорого " };
		lxw_rich_string_tuple b = { .format = bold, .string = "ли?" };
		lxw_rich_string_tuple *rs[] = { &a, &b, NULL };

		worksheet_write_rich_string(ws, 6, 1, rs, NULL);
	}
	ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
	fp = fopen(path, "rb");
	buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	unlink(path);
	return buf;
}

static const struct {
	const char *sheet;
	int status;
} sheets[] = {
	{ "карта", CJM_OK }, { "2", CJM_OK }, { "КАРТА", CJM_OK },
	{ "3", CJM_EDATA }, { "Лист1", CJM_EDATA },
};

START_TEST(test_xlsx_read)
{
	size_t len;
	char *buf = workbook(&len);
	cjm_grid *g = cjm_grid_new();
	cjm_diags *ds = cjm_diags_new();
	json_t *map = NULL, *st;
	int r;

	r = cjm_grid_read_xlsx(g, buf, len, "t.xlsx", sheets[_i].sheet, 0, ds);
	ck_assert_msg(r == sheets[_i].status, "%d: %s", r, cjm_diags_count(ds) ?
	    cjm_diags_get(ds, 0)->message : "");
	if (r != CJM_OK) {
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "xlsx-sheet");
		ck_assert_ptr_nonnull(strstr(cjm_diags_get(ds, 0)->hint, "'Карта'"));
		goto out;
	}
	ck_assert_int_eq(cjm_grid_to_map(g, NULL, NULL, &map, ds), CJM_OK);
	st = json_object_get(map, "stages");
	ck_assert_uint_eq(json_array_size(st), 3);
	ck_assert_str_eq(json_string_value(json_object_get(map, "lang")), "ru");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(st, 1),
	    "phase")), "Первый контакт");
	ck_assert_ptr_null(json_object_get(json_array_get(st, 2), "phase"));
	ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(st, 0),
	    "actions")), 2);
	ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(st, 2),
	    "touchpoints")), 1);
	ck_assert(json_number_value(json_object_get(json_array_get(st, 1),
	    "emotion")) == 4.5);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(
	    json_array_get(st, 0), "thoughts"), 0)), "дорого ли?");
out:
	json_decref(map);
	cjm_diags_free(ds);
	cjm_grid_free(g);
	free(buf);
}
END_TEST

START_TEST(test_xlsx_not_zip)
{
	cjm_grid *g = cjm_grid_new();
	cjm_diags *ds = cjm_diags_new();

	ck_assert_int_eq(cjm_grid_read_xlsx(g, "Stage,A\n", 8, "t", NULL, 0,
	    ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "xlsx-zip");
	cjm_diags_free(ds);
	cjm_grid_free(g);
}
END_TEST

/* Mermaid in: status, stage count, the first stage's emotion or the
 * error's code and line. */
static const struct {
	const char *text;
	int status;
	size_t stages;
	double emotion;
	const char *code;
	unsigned long line;
} mers[] = {
	{ "journey\n title T\n section S\n  A: 5: Me\n  B: 1: Me, Cat\n",
	  CJM_OK, 2, 5, NULL, 0 },
	{ "JOURNEY\n  A: 3\n", CJM_OK, 1, 3, NULL, 0 },
	{ "%% c\njourney\n  A: 2: x # c\n", CJM_OK, 1, 2, NULL, 0 },
	{ "---\ntitle: F\n---\njourney\n  A: 4: x\n", CJM_OK, 1, 4, NULL, 0 },
	{ "journey\n  A: 7: x\n", CJM_OK, 1, 7, NULL, 0 },
	{ "journey\n  A: 1e300: x\n", CJM_OK, 1, 1e300, NULL, 0 },
	{ "journey\n  accDescr {\n  x: y\n  }\n  A: 1\n", CJM_OK, 1, 1, NULL, 0 },
	{ "journey\n  \xE2\x81\xA0Section review: 2\n", CJM_OK, 1, 2, NULL, 0 },
	{ "flowchart\n", CJM_EDATA, 0, 0, "mermaid-journey", 1 },
	{ "", CJM_EDATA, 0, 0, "mermaid-journey", 0 },
	{ "journey\n title T\n", CJM_EDATA, 0, 0, "mermaid-empty", 0 },
	{ "journey\n  A: x: Me\n", CJM_EDATA, 0, 0, "mermaid-score", 2 },
	{ "journey\n\n  Just words\n", CJM_EDATA, 0, 0, "mermaid-task", 3 },
	{ "journey\n  : 3: Me\n", CJM_EDATA, 0, 0, "mermaid-task", 2 },
	{ "journey\n  A: \xff\n", CJM_EDATA, 0, 0, "encoding", 2 },
};

START_TEST(test_mermaid_read)
{
	cjm_diags *ds = cjm_diags_new();
	json_t *map = NULL, *st;
	int r = cjm_mermaid_read(mers[_i].text, strlen(mers[_i].text), "t.mmd",
	    &map, ds);

	ck_assert_int_eq(r, mers[_i].status);
	if (r == CJM_OK) {
		st = json_object_get(map, "stages");
		ck_assert_uint_eq(json_array_size(st), mers[_i].stages);
		ck_assert(json_number_value(json_object_get(json_array_get(st,
		    0), "emotion")) == mers[_i].emotion);
	} else {
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, mers[_i].code);
		ck_assert_uint_eq(cjm_diags_get(ds, 0)->pos.line, mers[_i].line);
	}
	json_decref(map);
	cjm_diags_free(ds);
}
END_TEST

/* Mermaid out: scores scaled from the map's scale, sections, escapes. */
START_TEST(test_mermaid_write)
{
	static const char *yaml = "cjm: 1\ntitle: 'A: B'\nemotion_scale: [-2, 2]\n"
	    "stages:\n- {id: a, name: 'Pay: card', phase: P, emotion: -2}\n"
	    "- {id: b, name: 'Wait #2', emotion: 2}\n- {id: c, name: C}\n"
	    "- {id: d, name: Section two, phase: C}\n";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);
	char *out = calloc(1, 65536);

	ck_assert_int_eq(cjm_mermaid_write(cjm_doc_root(doc), to_sbuf, out,
	    ds), CJM_OK);
	ck_assert_str_eq(out, "journey\n    title A\xea\x9e\x89 B\n"
	    "    section P\n      Pay\xea\x9e\x89 card: 1: Customer\n"
	    "    section Wait ,2\n      Wait ,2: 5: Customer\n"
	    "    section C\n      C: 3: Customer\n"
	    "      \xE2\x81\xA0Section two: 3: Customer\n");
	ck_assert_uint_ge(cjm_diags_count(ds), 2);
	free(out);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(test_dot)
{
	static const char *yaml = "cjm: 1\ntitle: G\nstages:\n"
	    "- {id: a, name: A, touchpoints: [{id: t1, name: Web}, {id: t2, name: \"Say \\\"hi\\\"\"}]}\n"
	    "- {id: b, name: B, touchpoints: [{id: t3, name: Dead}, {id: t4, name: Lost}]}\n"
	    "- {id: c, name: C, touchpoints: [{id: t5, name: End}]}\n"
	    "transitions:\n- {from: t1, to: t3, count: 10}\n- {from: t2, to: t5, count: 5}\n";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);
	char *out = calloc(1, 65536);

	ck_assert_int_eq(cjm_dot_write(cjm_doc_root(doc), to_sbuf, out, ds),
	    CJM_OK);
	ck_assert_ptr_nonnull(strstr(out, "subgraph cluster_1 {"));
	ck_assert_ptr_nonnull(strstr(out, "n1_0 [label=\"Dead\", color=red"));
	ck_assert_ptr_nonnull(strstr(out, "xlabel=\"dead end, unreachable\""));
	ck_assert_ptr_nonnull(strstr(out, "n0_0 -> n1_0 [label=\"10\", weight=11"));
	ck_assert_ptr_nonnull(strstr(out, "\"Say \\\"hi\\\"\""));
	free(out);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *tc = tcase_create("convert");

	tcase_add_loop_test(tc, test_labels, 0, sizeof(labels) / sizeof(labels[0]));
	tcase_add_loop_test(tc, test_cell_names, 0, sizeof(names) / sizeof(names[0]));
	tcase_add_loop_test(tc, test_cells, 0, sizeof(cells) / sizeof(cells[0]));
	tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_loop_test(tc, test_scales, 0, sizeof(scales) / sizeof(scales[0]));
	tcase_add_test(tc, test_title_row);
	tcase_add_test(tc, test_grid_round_trip);
	tcase_add_loop_test(tc, test_writers, 0, sizeof(outs) / sizeof(outs[0]));
	tcase_add_loop_test(tc, test_xlsx_read, 0, sizeof(sheets) / sizeof(sheets[0]));
	tcase_add_test(tc, test_xlsx_not_zip);
	tcase_add_loop_test(tc, test_mermaid_read, 0, sizeof(mers) / sizeof(mers[0]));
	tcase_add_test(tc, test_mermaid_write);
	tcase_add_test(tc, test_dot);
	suite_add_tcase(s, tc);
	return s;
}
