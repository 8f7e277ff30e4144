// run.mjs ENGINE LOG QUERY...: load an event log (CSV: user_id, event,
// timestamp in Unix ms, channel, seq) into the table "events" of an
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
	await c.run(`CREATE TABLE events AS SELECT user_id, event,
	    make_timestamp(CAST("timestamp" AS BIGINT) * 1000) AS "timestamp",
	    nullif(channel, '') AS channel, CAST(seq AS BIGINT) AS seq
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
		s.query(`CREATE TABLE events (user_id String, event String,
		    timestamp DateTime64(3, 'UTC'), channel Nullable(String),
		    seq Int64) ENGINE = Memory`);
		s.query(`INSERT INTO events SELECT user_id, event,
		    fromUnixTimestamp64Milli(toInt64(timestamp), 'UTC'),
		    nullIf(channel, ''), toInt64(seq)
		    FROM file('${esc(log)}', CSVWithNames, 'user_id String,
		    event String, timestamp String, channel String, seq String')`);
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
