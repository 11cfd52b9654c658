import { openPglite } from './src/db/pglite.ts';
const db = await openPglite({});
await db.exec(`create table t (id int primary key, name text constraint t_name_check check (length(name) > 2), u text unique)`);
try { await db.query(`insert into t values (1, 'a', 'x')`); } catch (e: any) { console.log(Object.keys(e), e.code, e.constraint, e.table, e.column, e.detail, e.constructor.name); }
await db.query(`insert into t values (1, 'abc', 'x')`);
try { await db.query(`insert into t values (2, 'abc', 'x')`); } catch (e: any) { console.log(e.code, e.constraint, e.table, e.detail); }
try { await db.exec(`do $$ begin raise exception 'boom' using errcode = 'PS422', column = 'name'; end $$`); } catch (e: any) { console.log(e.code, e.column, e.message); }
try { await db.query(`select $1::uuid`, ['nope']); } catch (e: any) { console.log(e.code, e.message); }
