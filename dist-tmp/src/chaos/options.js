export function isTarget(t) {
    return t === 'zk-ts' || t === 'zookeeper';
}
//# sourceMappingURL=options.js.map