// funnel-peer.mjs: a peer of bench/funnel.sh: run a `cjm-funnel --sql`
// query in DuckDB or embedded ClickHouse (chdb) straight on the CSV log
// (a view over the file, so parsing is timed as cjm-funnel's is).
// Usage: node funnel-peer.mjs duckdb|clickhouse EVENTS.csv QUERY THREADS;
// prints the customers per stage, in the query's order, on one line.
// The packages come from tests/engines (make check-engines installs them).
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [engine, logArg, qfile, threads = "2"] = process.argv.slice(2);
if (!engine || !logArg || !qfile) {
	console.error("usage: funnel-peer.mjs duckdb|clickhouse LOG QUERY [THREADS]");
	process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const need = createRequire(join(here, "../tests/engines/package.json"));
const log = resolve(logArg).replace(/'/g, "''");
const q = readFileSync(qfile, "utf8");
// The query adds the rows *rows and *users first: customers per stage
// only.
const counts = (rows) => rows.filter((r) => !String(r[1]).startsWith("*"))
    .map((r) => String(r[2])).join(" ");

if (engine === "duckdb") {
	const { DuckDBInstance } = await import(need.resolve("@duckdb/node-api"));
	const db = await DuckDBInstance.create(":memory:", { threads });
	const c = await db.connect();
	await c.run(`CREATE VIEW events AS SELECT user_id, event,
	    CAST(replace("timestamp", 'Z', '') AS TIMESTAMP) AS "timestamp"
	    FROM read_csv('${log}', header = true, all_varchar = true)`);
	console.log(counts((await c.runAndReadAll(q)).getRows()));
} else if (engine === "clickhouse") {
	const { Session } = await import(need.resolve("chdb"));
	const dir = mkdtempSync(join(tmpdir(), "cjm-chdb-"));
	const s = new Session(dir);
	try {
		s.query(`CREATE VIEW events AS SELECT user_id, event,
		    parseDateTime64BestEffort(timestamp, 3, 'UTC') AS timestamp
		    FROM file('${log}', CSVWithNames,
		    'user_id String, event String, timestamp String')`);
		const out = s.query(`${q.replace(/;\s*$/, "")}
		    SETTINGS max_threads = ${Number(threads)}`, "CSV");
		console.log(counts(out.trim().split("\n").map((l) =>
		    l.split(",").map((x) => x.replace(/^"|"$/g, "")))));
	} finally {
		s.cleanup ? s.cleanup() : s.close && s.close();
		rmSync(dir, { recursive: true, force: true });
	}
} else {
	console.error(`funnel-peer.mjs: unknown engine ${engine}`);
	process.exit(2);
}
