/**
 * The day the registry takes as today for status rules and the scheduler. Null means each
 * region's own date in its time zone (the normal case); tests and back-filling fix a date, so
 * "a day later" can be checked without waiting a day.
 */
export type Today = () => string | null;

export const eachRegionsOwnToday: Today = () => null;
