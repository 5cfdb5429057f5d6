/** The four-letter words ZooKeeper knows; the whitelist warns about anything else. */
export const FOUR_LETTER_WORDS = [
    'conf', 'cons', 'crst', 'dirs', 'dump', 'envi', 'gtmk', 'hash', 'isro', 'mntr',
    'ruok', 'srst', 'srvr', 'stat', 'stmk', 'wchc', 'wchp', 'wchs',
];
//# sourceMappingURL=types.js.map