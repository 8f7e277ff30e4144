// funnel-duckdb.mjs: the peer of bench/funnel.sh: the same funnel as
// `cjm-funnel --entry first --order loose --window 14d` in DuckDB SQL.
// Usage: node funnel-duckdb.mjs EVENTS.csv THREADS; prints the counts.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads] = process.argv.slice(2);
const stages = ['visit', 'search', 'product_view', 'add_to_cart',
	'checkout_start', 'shipping_info', 'payment', 'purchase'];
const W = 14 * 86400 * 1000;
// Entry first: the window opens at the user's first stage-1 event; each
// next stage is its earliest event at or after the previous step, within
// the window (the greedy chain, which reaches as far as any chain from
// that start). Users' events in the log all lie within 10 days, so no
// second attempt after a time-out arises.
let sql = `CREATE TEMP TABLE ev AS SELECT user_id, event,
  epoch_ms(CAST(replace(timestamp, 'Z', '') AS TIMESTAMP)) AS t
  FROM read_csv('${file}', header = true, columns = {'user_id': 'VARCHAR',
  'event': 'VARCHAR', 'timestamp': 'VARCHAR'});
CREATE TEMP TABLE s1 AS SELECT user_id, min(t) AS t0, min(t) AS t FROM ev
  WHERE event = '${stages[0]}' GROUP BY user_id;\n`;
for (let k = 2; k <= stages.length; k++)
	sql += `CREATE TEMP TABLE s${k} AS SELECT s.user_id, s.t0, min(e.t) AS t
  FROM s${k - 1} s JOIN ev e ON e.user_id = s.user_id
  WHERE e.event = '${stages[k - 1]}' AND e.t >= s.t AND e.t <= s.t0 + ${W}
  GROUP BY s.user_id, s.t0;\n`;
const counts = stages.map((_, i) => `(SELECT count(*) FROM s${i + 1})`);

const db = await DuckDBInstance.create(':memory:', { threads: threads || '2' });
const con = await db.connect();
await con.run(sql);
const r = await con.runAndReadAll(`SELECT ${counts.join(', ')}`);
console.log(r.getRows()[0].map(String).join(' '));
