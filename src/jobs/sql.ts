/**
 * The SQL the kit runs on pg-boss's tables itself: pg-boss 10 fetches the oldest jobs of a queue
 * first, so one tenant's backlog would hold every worker. Jobs carry their organisation in
 * `singleton_key` (pg-boss's own column, unused by the queues' 'standard' policy).
 *
 * Column names and states are pg-boss 10's (package.json pins the major); fetch mirrors its
 * fetchNextJob, so retry_count and started_on mean what its fail and expiry expect.
 */

/** `schema` has been checked to be a plain identifier (openJobQueue). */
export function jobSql(schema: string) {
  const job = `${schema}.job`;
  return {
    /**
     * The per-organisation index the fair fetch walks; on the partitioned parent, so queues
     * created later get it too.
     */
    orgIndex: `create index if not exists job_palisade_org on ${job} (name, singleton_key, created_on, id) where state < 'active'`,

    /**
     * Serialises fetches of one queue across workers, so two cannot both see a tenant below its
     * limit and together take it past it. Held to the fetch transaction's end.
     */
    fetchLock: `select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('palisade.jobs:' || $1))`,

    /**
     * Up to $2 jobs of queue $1, at most $3 active per organisation counting those already
     * running anywhere, oldest first across the organisations that may take one. The distinct
     * organisations with work are found by a skip scan of job_palisade_org (one probe each),
     * not by reading the backlog.
     */
    fetch: `
      with recursive orgs(org) as (
        (select singleton_key from ${job} where name = $1 and state < 'active' order by singleton_key limit 1)
        union all
        select (select singleton_key from ${job}
                 where name = $1 and state < 'active' and singleton_key > o.org
                 order by singleton_key limit 1)
          from orgs o where o.org is not null
      ), running as (
        select singleton_key as org, count(*)::int as n from ${job}
         where name = $1 and state = 'active' group by singleton_key
      ), picked as (
        select c.id from orgs o
          left join running r on r.org = o.org
          cross join lateral (
            select j.id, j.created_on from ${job} j
             where j.name = $1 and j.singleton_key = o.org and j.state < 'active' and j.start_after < now()
             order by j.created_on, j.id
             limit greatest($3::int - coalesce(r.n, 0), 0)
             for update skip locked
          ) c
         where o.org is not null
         order by c.created_on, c.id
         limit $2
      )
      update ${job} j set
        state = 'active',
        started_on = now(),
        retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
      from picked
      where j.name = $1 and j.id = picked.id
      returning j.id, j.singleton_key as org_id, j.data, j.retry_count`,

    /** A job id once used by a queue, still kept after archiving: an idempotency key's memory. */
    archived: `select 1 from ${schema}.archive where name = $1 and id = $2::uuid`,

    /** Jobs of these queues not yet finished: queued, waiting to retry, or running somewhere. */
    unfinished: `select count(*)::int as n from ${job} where name = any($1::text[]) and state < 'completed'`,

    /**
     * Dead letters: failed with no retry left, in the live table or the archive. Only the reason
     * pg-boss stored (the handler's message, or its expiry sentence) leaves here, never `data`.
     */
    deadLetters: `
      select id, name, singleton_key as org_id, retry_count + 1 as attempts, completed_on as failed_at,
             coalesce(output ->> 'message', output -> 'value' ->> 'message', '') as reason
        from (select id, name, singleton_key, retry_count, completed_on, output from ${job} where state = 'failed'
              union all
              select id, name, singleton_key, retry_count, completed_on, output from ${schema}.archive where state = 'failed') d
       where name = any($1::text[]) and ($2::text is null or singleton_key = $2)
       order by completed_on, id`,
  };
}
