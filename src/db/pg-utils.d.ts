// node-postgres ships no types for its internal utils module; pipeline.ts needs only this.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
