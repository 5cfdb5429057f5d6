/**
 * JSON as ZooKeeper's AdminServer writes it (Jackson's default pretty printer): two-space
 * indents, `"key" : value`, arrays on one line (`[ a, b ]`, `[ ]`), `{ }` for an empty object,
 * Java longs in full (bigint, beyond what a JS number holds) and doubles with a `.0`.
 */
import { JavaDouble } from '../commands.js';
import { javaDouble } from '../java-format.js';
export function toJackson(value, depth = 0) {
    if (value === null)
        return 'null';
    if (value instanceof JavaDouble)
        return Number.isFinite(value.value) ? javaDouble(value.value) : '0.0';
    switch (typeof value) {
        case 'bigint':
            return value.toString();
        case 'number':
            return Number.isFinite(value) ? String(value) : 'null';
        case 'boolean':
            return String(value);
        case 'string':
            return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? '[ ]' : `[ ${value.map((v) => toJackson(v, depth)).join(', ')} ]`;
    }
    const entries = Object.entries(value);
    if (entries.length === 0)
        return '{ }';
    const pad = '  '.repeat(depth + 1);
    const body = entries.map(([k, v]) => `${pad}${JSON.stringify(k)} : ${toJackson(v, depth + 1)}`).join(',\n');
    return `{\n${body}\n${'  '.repeat(depth)}}`;
}
//# sourceMappingURL=json.js.map