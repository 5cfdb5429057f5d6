/**
 * JSON as ZooKeeper's AdminServer writes it (Jackson's default pretty printer): two-space
 * indents, `"key" : value`, arrays on one line (`[ a, b ]`, `[ ]`), `{ }` for an empty object,
 * Java longs in full (bigint, beyond what a JS number holds) and doubles with a `.0`.
 */
import { type JsonValue } from '../commands.js';
export declare function toJackson(value: JsonValue, depth?: number): string;
