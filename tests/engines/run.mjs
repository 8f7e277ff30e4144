// run.mjs ENGINE LOG QUERY...: load an event log (CSV: user_id, event,
// timestamp in Unix ms or ISO 8601 (TS=iso), then channel and seq when
// the header has them, and then the column tms, the time as a number of
// ms) into the table "events" of an
// in-process engine (duckdb: @duckdb/node-api; clickhouse: chdb), run
// the query in each file QUERY and write its result as CSV with a header
// to standard output (one query) or to QUERY.out (several). With RUNS=N
// in the environment each query runs N times and the seconds each run
// took go to standard error (loading not counted).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [engine, logArg, ...qfiles] = process.argv.slice(2);
if (!engine || !logArg || qfiles.length === 0) {
	console.error("usage: run.mjs duckdb|clickhouse LOG QUERY...");
	process.exit(2);
}
const log = resolve(logArg);
const runsArg = process.env.RUNS;
const runs = Number(runsArg || 1);
const emit = (qfile, text) => qfiles.length === 1 ?
    process.stdout.write(text) : writeFileSync(qfile + ".out", text);
const esc = (s) => s.replace(/'/g, "''");
const iso = process.env.TS === "iso";
const cols = readFileSync(log, { encoding: "utf8", flag: "r" }).slice(0, 200)
    .split(/\r?\n/)[0].split(",");
const extra = cols.includes("channel") && cols.includes("seq");

function time(fn) {
	const t0 = process.hrtime.bigint();
	const r = fn();
	return Promise.resolve(r).then((v) => {
		if (runsArg)
			console.error(`query ${engine} ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3)} s`);
		return v;
	});
}

if (engine === "duckdb") {
	const { DuckDBInstance } = await import("@duckdb/node-api");
	const db = await DuckDBInstance.create(":memory:");
	const c = await db.connect();
	const ts = iso ? `CAST(replace("timestamp", 'Z', '') AS TIMESTAMP)` :
	    `make_timestamp(CAST("timestamp" AS BIGINT) * 1000)`;
	await c.run(`CREATE TABLE events AS SELECT user_id, event,
	    ${ts} AS "timestamp"${extra ? `, nullif(channel, '') AS channel,
	    CAST(seq AS BIGINT) AS seq, CAST("timestamp" AS BIGINT) AS tms` :
	    ""}
	    FROM read_csv('${esc(log)}', header = true, all_varchar = true)`);
	const quote = (v) => `"${String(v ?? "").replace(/"/g, '""')}"`;
	for (const qfile of qfiles) {
		const q = readFileSync(qfile, "utf8");
		let out;
		for (let i = 0; i < runs; i++)
			out = await time(() => c.runAndReadAll(q));
		let s = "breakdown,stage,count\n";
		for (const [b, st, n] of out.getRows())
			s += `${quote(b)},${quote(st)},${n}\n`;
		emit(qfile, s);
	}
} else if (engine === "clickhouse") {
	const { Session } = await import("chdb");
	const dir = mkdtempSync(join(tmpdir(), "cjm-chdb-"));
	const s = new Session(dir);
	try {
		const ts = iso ? "parseDateTime64BestEffort(timestamp, 3, 'UTC')" :
		    "fromUnixTimestamp64Milli(toInt64(timestamp), 'UTC')";
		s.query(`CREATE TABLE events (user_id String, event String,
		    timestamp DateTime64(3, 'UTC')${extra ? `, channel
		    Nullable(String), seq Int64, tms Int64` : ""}) ENGINE = Memory`);
		s.query(`INSERT INTO events SELECT user_id, event, ${ts}
		    ${extra ? ", nullIf(channel, ''), toInt64(seq), toInt64(timestamp)" : ""}
		    FROM file('${esc(log)}', CSVWithNames, '${cols.map((x) =>
		    `${x} String`).join(", ")}')`);
		for (const qfile of qfiles) {
			const q = readFileSync(qfile, "utf8");
			let out;
			for (let i = 0; i < runs; i++)
				out = await time(() => s.query(q, "CSVWithNames"));
			emit(qfile, out);
		}
	} finally {
		s.cleanup ? s.cleanup() : s.close && s.close();
		rmSync(dir, { recursive: true, force: true });
	}
} else {
	console.error(`run.mjs: unknown engine ${engine}`);
	process.exit(2);
}
