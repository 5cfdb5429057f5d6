/** Retired incarnations remembered per sender; restarts within one delay window are rare. */
const RETIRED_LIMIT = 8;
export class SenderFilter {
    marks = new Map();
    /** Classifies a datagram and, unless it is stale, records it as the sender's latest. */
    admit(sid, incarnation, seq) {
        const mark = this.marks.get(sid);
        if (mark === undefined) {
            this.marks.set(sid, { incarnation, seq, retired: [] });
            return 'accept';
        }
        if (incarnation === mark.incarnation) {
            if (seq <= mark.seq)
                return 'stale';
            mark.seq = seq;
            return 'accept';
        }
        if (mark.retired.includes(incarnation))
            return 'stale';
        mark.retired.push(mark.incarnation);
        if (mark.retired.length > RETIRED_LIMIT)
            mark.retired.shift();
        mark.incarnation = incarnation;
        mark.seq = seq;
        return 'restarted';
    }
}
//# sourceMappingURL=sender-filter.js.map